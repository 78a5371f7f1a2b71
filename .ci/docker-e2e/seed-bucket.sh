#!/usr/bin/env bash
# CI stand-in for s3-setup (the MinIO client): creates the bucket and uploads /seed under data/
# with curl's SigV4 signing.
set -euo pipefail
: "${BUCKET:?}" "${AWS_ACCESS_KEY_ID:?}" "${AWS_SECRET_ACCESS_KEY:?}"
endpoint="http://s3:9000"
sign=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
status="$(curl -sS -o /dev/null -w '%{http_code}' -X PUT "${sign[@]}" "$endpoint/$BUCKET")"
[[ "$status" == 200 || "$status" == 409 ]] || { echo "s3-setup: creating $BUCKET: HTTP $status" >&2; exit 1; }
count=0
while IFS= read -r -d '' file; do
  key="data/${file#/seed/}"
  curl -sS -f -o /dev/null -T "$file" "${sign[@]}" "$endpoint/$BUCKET/$key"
  count=$((count + 1))
done < <(find /seed -type f -print0)
echo "s3-setup: bucket $BUCKET seeded with $count files"
