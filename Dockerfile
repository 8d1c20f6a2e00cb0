# One image for the whole product: the operator, the coordinator and the tablet servers.
#   operator:      node operator/src/main.ts [flags]           (the Helm chart's Deployment)
#   coordinator:   fluss coordinator --port 9123 ...            (FlussCluster StatefulSets)
#   tablet server: fluss tablet-server --id N --port 9124 ...
# Node 24 runs the TypeScript sources directly (type stripping): there is no build step.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /opt/fluss
COPY package.json package-lock.json ./
# Production dependencies only; native addons (rocksdb-native) ship prebuilt binaries.
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="fluss-ts" \
      org.opencontainers.image.description="Streaming storage for real-time analytics, with its Kubernetes operator" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /opt/fluss
ENV NODE_ENV=production
COPY --from=dependencies /opt/fluss/node_modules ./node_modules
COPY package.json ./
COPY server ./server
COPY operator ./operator
# `fluss` on PATH, as the StatefulSets call it.
RUN printf '#!/bin/sh\nexec node /opt/fluss/server/bin/fluss.ts "$@"\n' > /usr/local/bin/fluss \
 && chmod 0755 /usr/local/bin/fluss \
 && mkdir -p /var/lib/fluss && chown 1000:1000 /var/lib/fluss
# The node user of the base image; the pod specs run as 1000:1000 with a read-only root.
USER 1000:1000
EXPOSE 9123 9124 8081
ENTRYPOINT []
CMD ["fluss", "--help"]
