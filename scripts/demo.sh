#!/usr/bin/env bash
# The main job on a fresh machine: install, start a simulated camera and the single-process host,
# record the camera as an LVA CVR graph instance, and keep going until Ctrl+C.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install.sh"

work="${CVR_DEMO_DIR:-$root/.cvr/demo}"
urls="${CVR_URLS:-http://127.0.0.1:8080}"
mkdir -p "$work"
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "demo: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# Somebody already listening where cvr should (a demo still running?) would make cvr fail to start.
hostport=${urls#*://}; hostport=${hostport%%/*}
if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
  echo "demo: $urls is already taken (another demo or cvr still running?). Stop it, or pick another address:" >&2
  echo "      CVR_URLS=http://127.0.0.1:8081 $0" >&2
  exit 1
fi

"$root/tools/testcam/make-loop.sh" "$work/camera-loop.h264" >/dev/null
/usr/bin/python3 "$root/tools/testcam/testcam.py" --port 0 --file "$work/camera-loop.h264" >"$work/camera.out" 2>"$work/camera.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^READY' "$work/camera.out" 2>/dev/null && break; sleep 0.1; done
camera="$(sed -n 's/^READY //p' "$work/camera.out")/cam0"
[ "$camera" != "/cam0" ] || { echo "demo: the test camera did not start; see $work/camera.log" >&2; exit 1; }

"$root/cvr" serve --urls "$urls" --data "$work/data" >"$work/cvr.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do curl -sf "$urls/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$urls/health" >/dev/null || { echo "demo: cvr did not become healthy; see $work/cvr.log" >&2; exit 1; }

# cvr made its keys on its first start; every call but /health needs one.
keys=$("$root/cvr" keys show --data "$work/data")
operator=$(sed -n 's/^operator: //p' <<<"$keys"); viewer=$(sed -n 's/^viewer: //p' <<<"$keys")
auth=(-H "Authorization: Bearer $operator")

# A second run finds its instance from the last one (resumed, with the last camera's address): stop it
# first, so that the topology and the instance can be set again.
state=$(curl -sf "${auth[@]}" "$urls/api/graphInstances/demo-camera" 2>/dev/null | sed -n 's/.*"state":"\([A-Za-z]*\)".*/\1/p' || true)
if [ -n "$state" ] && [ "$state" != "Inactive" ]; then
  curl -sf "${auth[@]}" -X POST "$urls/api/graphInstances/demo-camera/deactivate" >/dev/null || { echo "demo: could not stop the last run's instance; see $work/cvr.log" >&2; exit 1; }
fi

# The LVA cvr-asset topology exactly as LVA shipped it, except for where the cache lives.
topology=$(sed 's#"/var/lib/azuremediaservices/tmp/"#"demo-camera"#' "$root/samples/lva/topologies/cvr-asset/2.0/topology.json")
curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/json' --data "$topology" "$urls/api/graphTopologies/CVRToAMSAsset" >/dev/null
curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/json' "$urls/api/graphInstances/demo-camera" --data @- >/dev/null <<JSON
{"name":"demo-camera","properties":{"topologyName":"CVRToAMSAsset","description":"Simulated camera","parameters":[{"name":"rtspUrl","value":"$camera"}]}}
JSON
curl -sf "${auth[@]}" -X POST "$urls/api/graphInstances/demo-camera/activate" >/dev/null

cat <<TEXT
demo: recording the simulated camera $camera
  UI and API     $urls/            (sign in with the viewer key below)
  viewer key     $viewer
  operator key   $operator   (for the cvr CLI, e.g. CVR_DATA=$work/data $root/cvr instance list)
  keys again     $root/cvr keys show --data $work/data
  recordings     $work/data/assets/sampleasset-cvrtoamsasset-demo-camera/
  local cache    $work/data/cache/demo-camera/
  logs           $work/cvr.log
The first segment is sealed at the next :00 or :30. Press Ctrl+C to stop.
TEXT
wait "${pids[1]}"
