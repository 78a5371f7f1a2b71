#!/bin/sh
# s3-setup: create the bucket and upload the seed data (events and job config) under data/.
set -eu
: "${BUCKET:?BUCKET is not set}"
mc alias set local http://s3:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null
mc mb --ignore-existing "local/$BUCKET"
mc mirror --overwrite /seed "local/$BUCKET/data"
echo "s3-setup: bucket $BUCKET seeded"
