# syntax=docker/dockerfile:1
# Papergraph in production mode: `docker build -t papergraph .`, or `docker compose up` (with Neo4j).
# Dependencies are installed once, at build time; the image runs the compiled JavaScript with
# plain node as PID 1 (no npm, no shell), so SIGTERM from `docker stop` reaches the server's drain.

ARG NODE_VERSION=22

# Every dependency, from the lockfile: what the build needs (TypeScript, Vite).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary fits the platform. The
# toolchain is the base image's Debian release's own (this stage is not shipped): not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The server compiled to dist/, the explorer bundled into dist/explorer.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
COPY explorer ./explorer
RUN npm run build

# The runtime dependencies alone (their native modules already built above).
FROM deps AS runtime-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    PAPERGRAPH_DATA_DIR=/data
WORKDIR /app
COPY package.json ./
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY seeds ./seeds
# The embedded store's data directory (unused when NEO4J_URI is set), writable by the app user only.
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME ["/data"]
# The node image's unprivileged user `node`, by number so that runAsNonRoot checks can verify it.
USER 1000:1000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A 64 MB young generation: see "Operating Papergraph" in the README (the same flag as `npm start`).
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
