#!/usr/bin/env bash
# Starts S3Proxy with the MinIO root credentials of docker.env as its S3 keys.
set -euo pipefail
: "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
conf=/tmp/s3proxy.properties
cat >"$conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$MINIO_ROOT_USER
s3proxy.credential=$MINIO_ROOT_PASSWORD
jclouds.provider=transient
jclouds.identity=local
jclouds.credential=local
CONF
exec java -Xmx512m -jar /opt/s3proxy/s3proxy.jar --properties "$conf"
