#!/usr/bin/env bash
# Installs what is needed and runs the whole test suite (unit and end-to-end, real processes on 127.0.0.1).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install.sh" || exit 1
cd "$root"
dotnet build Cvr.sln -c Release --nologo --verbosity quiet || exit 1

results="$root/.cvr/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
for project in tests/*Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "test: $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --blame-hang-timeout 10m --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" 2>&1 | tee "$results/$name.log" | grep -E "^\s*(Passed|Failed|Skipped) |Failed!|Passed!|error"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# One closing line for the whole suite, summed over the projects' TRX counters.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ] || status=1
# The failures again, last, where a reader of only the tail of the output (CI) sees them.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:"
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = result.find(".//t:Message", ns)
    text = (message.text or "").strip().splitlines() if message is not None else []
    print(f"  {result.get('testName')} ({result.get('duration')})")
    for line in text[:6]:
        print(f"    {line[:300]}")
PY
  done
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
