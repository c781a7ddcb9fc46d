# syntax=docker/dockerfile:1
# The uploader service. Build with the repository root as the context:
#   docker build -f deploy/docker/uploader.Dockerfile -t cvr-uploader:0.1.0 .
# (docs/deploy.md, "Images"). Nothing here was built on the machine that wrote it: it has no Docker engine.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY services/uploader/ services/uploader/
RUN dotnet publish services/uploader/Cvr.Uploader.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Cvr__Mode=Dapr \
    Cvr__Data=/var/lib/cvr
EXPOSE 8080
# The image's unprivileged user (uid 1654); the chart runs it read-only with /tmp and /var/lib/cvr writable.
USER $APP_UID
ENTRYPOINT ["dotnet", "Cvr.Uploader.dll"]
