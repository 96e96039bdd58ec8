# The API image: a build stage compiles TypeScript to dist/ and the web app to web/dist/, and lays out the embedding
# model (Java and Maven only for that, from Maven Central); the runtime image holds Node 22 LTS, production
# dependencies, dist/, web/dist/, the schema, the seed data and the model, and runs the compiled JavaScript as the
# unprivileged `node` user. `npm ci` runs the prepare script, which builds the web app only where Vite and web/ are.
FROM node:22-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven openjdk-17-jdk-headless && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare-web.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY web ./web
RUN npm run build && npm run fetch:model

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare-web.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/.models ./.models
COPY schema ./schema
COPY seed ./seed
EXPOSE 4000
USER node
CMD ["node", "dist/main.js"]
