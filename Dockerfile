# The API image. The build stage has Java and Maven only to lay out the embedding model from Maven Central;
# the runtime image holds Node, the code, the seed data and the model folder.
FROM node:20-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven openjdk-17-jdk-headless && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run fetch:model

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.models ./.models
COPY package.json tsconfig.json ./
COPY src ./src
COPY schema ./schema
COPY seed ./seed
EXPOSE 4000
USER node
CMD ["node_modules/.bin/tsx", "src/main.ts"]
