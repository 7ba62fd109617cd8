# Build: compile TypeScript with every dependency present, then prune to what the bot runs on.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
# npm ci needs the manifest of every workspace the lockfile names.
COPY package.json package-lock.json ./
COPY packages/discord-sandbox/package.json ./packages/discord-sandbox/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY packages ./packages
COPY src ./src
RUN npm run build
COPY drizzle ./drizzle
# --workspaces=false drops the workspace packages (the Discord sandbox) with the dev dependencies,
# so the runtime stage copies a finished node_modules and never asks the registry again.
RUN npm prune --omit=dev --workspaces=false --no-audit --no-fund
# Fail the build, not the first start, if a production dependency is missing or the sandbox slipped in.
RUN node -e "const deps = Object.keys(require('./package.json').dependencies); \
  Promise.all(deps.map((name) => import(name).catch((error) => { throw new Error(name + ': ' + error.message); }))) \
  .then(() => { if (require('fs').existsSync('node_modules/@align/discord-sandbox')) throw new Error('the sandbox is in node_modules'); }) \
  .catch((error) => { console.error(error.message); process.exit(1); })"

# Run: production dependencies and the compiled bot only, as an unprivileged user.
FROM node:24.22.3-bookworm-slim
# HTTP_HOST: the container's own interfaces, so its health check and a scraper on its network reach it.
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/drizzle ./drizzle
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
# /healthz and /metrics; the slim image has no curl, so node itself asks.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
