# CI stand-in for MinIO: S3Proxy (Maven Central's jar-with-dependencies) with its in-memory store,
# on 127.0.0.1:9000, accepting the dev credentials of docker/docker.env.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY s3proxy.jar /opt/s3proxy/s3proxy.jar
COPY s3proxy-entrypoint.sh /opt/s3proxy/entrypoint.sh
ENTRYPOINT ["/bin/bash", "/opt/s3proxy/entrypoint.sh"]
