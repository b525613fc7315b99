# source-fauna, the Airbyte source for Fauna (FQL v4 and FQL v10).
#   docker build -t airbyte/source-fauna:1.0.0 .
#   docker run --rm airbyte/source-fauna:1.0.0 spec
# Build stage: compile the connector with the dev dependencies, then drop them.
FROM node:24-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json .npmrc tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# Runtime stage: only the compiled connector, its runtime dependencies and the entry script.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /airbyte/integration_code
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist/src ./dist/src
COPY bin/source-fauna.js bin/ensure-built.js ./bin/
COPY docker/entrypoint.sh ./docker/entrypoint.sh
# The node image's unprivileged user (uid 1000, like Airbyte's own base images).
USER node
ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/docker/entrypoint.sh"
ENTRYPOINT ["/airbyte/integration_code/docker/entrypoint.sh"]
LABEL io.airbyte.name="airbyte/source-fauna" \
      io.airbyte.version="1.0.0"
