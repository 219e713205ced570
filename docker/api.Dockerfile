# syntax=docker/dockerfile:1
# The HTTP API (also carries the CLI, which the migration Job runs).
#   docker build -f docker/api.Dockerfile -t goorm/api .
ARG NODE_IMAGE=node:20-bookworm-slim

# Everything the compiler needs. glibc (not Alpine): argon2 loads a prebuilt glibc binary.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps/api ./apps/api
COPY apps/worker ./apps/worker
COPY apps/cli ./apps/cli
RUN npx nest build api

# Runtime dependencies only, installed apart so dev tools never reach the final image.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 SERVE_WEB=false
WORKDIR /app
# package.json holds "type": "module", which the compiled .js files need.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Files stay root-owned and read-only to the app; the process runs as the image's `node` user.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (Nest shutdown hooks).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
