# syntax=docker/dockerfile:1
# The catalog service. Build with the repository root as the context:
#   docker build -f deploy/docker/catalog.Dockerfile -t cvr-catalog:0.1.0 .
# (docs/deploy.md, "Images"). Nothing here was built on the machine that wrote it: it has no Docker engine.

# The UI's player, hls.js, is embedded into the catalog at build time from tools/node_modules (which the
# build context leaves out). Fetch the version tools/package-lock.json pins.
FROM node:22-bookworm-slim AS player
ARG HLS_JS_VERSION=1.7.4
WORKDIR /player
RUN npm install --no-audit --no-fund --no-save "hls.js@${HLS_JS_VERSION}"

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY services/catalog/ services/catalog/
COPY --from=player /player/node_modules/hls.js/dist/hls.min.js tools/node_modules/hls.js/dist/hls.min.js
RUN dotnet publish services/catalog/Cvr.Catalog.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Cvr__Mode=Dapr \
    Cvr__Data=/var/lib/cvr
EXPOSE 8080
# The image's unprivileged user (uid 1654); the chart runs it read-only with /tmp and /var/lib/cvr writable.
USER $APP_UID
ENTRYPOINT ["dotnet", "Cvr.Catalog.dll"]
