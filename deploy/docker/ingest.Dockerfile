# syntax=docker/dockerfile:1
# The ingest service. Build with the repository root as the context:
#   docker build -f deploy/docker/ingest.Dockerfile -t cvr-ingest:0.1.0 .
# (docs/deploy.md, "Images"). Nothing here was built on the machine that wrote it: it has no Docker engine.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
COPY services/ingest/ services/ingest/
RUN dotnet publish services/ingest/Cvr.Ingest.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# .NET 10 images are Ubuntu 24.04 (there is no Debian variant for .NET 10), so ffmpeg comes from Ubuntu's
# archive: 6.1, where Cvr's tests ran Debian 12's 5.1. The options the recorder passes (segment muxer with
# segment_atclocktime, movflags frag_keyframe/empty_moov/default_base_moof/frag_discont, use_editlist,
# write_prft, RTSP -timeout, the extract_extradata filter, the aac encoder) exist in both, but the
# end-to-end tests have not run against 6.1. The package brings ffprobe, which asks each camera what it sends.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/* \
 && ffmpeg -hide_banner -version | head -n 1 \
 && ffprobe -hide_banner -version | head -n 1
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Cvr__Mode=Dapr \
    Cvr__Data=/var/lib/cvr
EXPOSE 8080
# The image's unprivileged user (uid 1654); the chart runs it read-only with /tmp and /var/lib/cvr writable.
USER $APP_UID
ENTRYPOINT ["dotnet", "Cvr.Ingest.dll"]
