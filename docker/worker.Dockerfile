# syntax=docker/dockerfile:1
# The queue worker: decides requests, commits batches to MySQL, serves /health and /metrics.
#   docker build -f docker/worker.Dockerfile -t goorm/worker .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps/api ./apps/api
COPY apps/worker ./apps/worker
COPY apps/cli ./apps/cli
# One nest build compiles every app and copies the Lua scripts (nest-cli.json assets).
RUN npx nest build api

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 WORKER_PORT=3001
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_PORT||3001)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM starts the drain (stop taking jobs, finish in-flight ones, flush the commit batch):
# give it the time Kubernetes gives (terminationGracePeriodSeconds) — `docker stop -t 90`.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/apps/worker/src/main.js"]
