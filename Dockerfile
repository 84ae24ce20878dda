# The bot as a container: dependencies installed in one stage, run as the unprivileged `node` user
# in the next. Serves Slack in HTTP mode on PORT, with a HEALTHCHECK on GET /health.
# Build: docker build -t campaign-bot .   Run with two replicas and PostgreSQL: compose.yaml.
# No Docker engine runs where this project is tested: `.ci/docker-stages` (run by `.ci/run`)
# executes these stages as written in a clean folder, then starts the result and asks it a question.

FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
# The npm the lock file was made with (package.json's allowScripts needs npm 11).
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
# `npm ci` runs the postinstall script, which builds the English word data and the empty embedded
# database a first start copies: it needs these files.
COPY scripts/build-english.ts ./scripts/
COPY src/core/english.ts src/core/english-build.ts ./src/core/
COPY scripts/pglite-template.mjs ./scripts/
COPY src/store/pglite-create.mjs ./src/store/
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production PORT=3000 STATE_DIR=/app/.state DATA_DIR=/app/documents
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY scripts ./scripts
# The bundled article, as the documents until a folder is mounted at /app/documents (compose.yaml).
COPY data ./documents
# Bundle the sources now (as root, into node_modules/.cache): the `node` user only reads it.
RUN node scripts/run.mjs --build src/main.ts
# The embedded store's folder, when DATABASE_URL is not set: the only place the bot writes.
# (1000 is the `node` user of the official Node images.)
RUN mkdir -p /app/.state && chown 1000:1000 /app/.state
USER node
EXPOSE 3000
# /health answers 200 once Slack's HTTP endpoint is ready (HTTP mode only: Socket Mode and
# Discord alone open no port; leave the check off for those with `healthcheck: disable: true`).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) finishes the answers under way, writes the question log and exits 0.
CMD ["node", "--max-semi-space-size=64", "scripts/run.mjs", "src/main.ts"]
