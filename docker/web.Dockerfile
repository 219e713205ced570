# syntax=docker/dockerfile:1
# The web app: the Vite build served by unprivileged nginx, which also proxies /api to the API.
#   docker build -f docker/web.Dockerfile -t goorm/web .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY libs/contracts ./libs/contracts
COPY apps/web ./apps/web
RUN npx vite build --config apps/web/vite.config.ts

# Runs as uid 101 and listens on 8080; the entrypoint renders templates/ into conf.d with
# the environment (API_UPSTREAM) at start.
FROM nginxinc/nginx-unprivileged:1.27-alpine
ENV API_UPSTREAM=http://api:3000
COPY docker/web/default.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /app/apps/web/dist /usr/share/nginx/html
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
