#!/usr/bin/env bash
# make-audio.sh OUT.aac|OUT.ul [SECONDS=8] [RATE=16000]
#
# Generates the audio loop that testcam.py serves next to its video loop
# (--audio aac|pcmu --audio-file OUT). The kind follows OUT's extension:
#   .aac  AAC-LC in ADTS, mono, RATE Hz (16000 or 48000), 32 kbit/s
#   .ul   G.711 mu-law (PCMU), raw, mono, 8000 Hz (RATE is ignored)
# Idempotent: does nothing if OUT already exists and is non-empty.
#
# The signal repeats every second: a quiet 440 Hz tone, and a 1 kHz beep for
# the first 100 ms of every second. So the loop is seamless for any whole
# number of seconds, and a beep marks each whole second of stream time (the
# video's keyframes fall on whole seconds too), which is an A/V sync marker.
#
# Why AAC needs care:
#   * a loop must be whole AAC frames (1024 samples): SECONDS * RATE must be a
#     multiple of 1024, e.g. 8 s at 16 or 48 kHz (10 s is 156.25 frames).
#   * the encoder's first frame is priming (1024 samples of delay), and its
#     last ones are padded. So encode three periods and keep frames
#     N+1 .. 2N: frame k decodes to input samples (k-1)*1024 .. k*1024, so
#     these are exactly input seconds SECONDS .. 2*SECONDS, and the frame
#     before the first (in the loop: the last) encodes the same samples as
#     it would have in the long run. No click, no shift at the seam.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUT.aac|OUT.ul [SECONDS=8] [RATE=16000]" >&2
  exit 2
fi

OUT=$1
SECONDS_=${2:-8}
RATE=${3:-16000}

if [[ -s "$OUT" ]]; then
  echo "make-audio: $OUT already exists, skipping" >&2
  exit 0
fi

SIGNAL='0.1*sin(2*PI*440*t)+0.5*sin(2*PI*1000*t)*lt(mod(t\,1)\,0.1)'

mkdir -p "$(dirname "$OUT")"
TMP="$OUT.tmp.$$"
trap 'rm -f "$TMP"' EXIT

case "$OUT" in
  *.aac)
    if (( SECONDS_ * RATE % 1024 != 0 )); then
      echo "make-audio: $SECONDS_ s at $RATE Hz is not a whole number of AAC frames (1024 samples)" >&2
      exit 2
    fi
    FRAMES=$(( SECONDS_ * RATE / 1024 ))
    ffmpeg -hide_banner -loglevel error -nostdin -y \
      -f lavfi -i "aevalsrc=${SIGNAL}:s=${RATE}:c=mono:d=$(( 3 * SECONDS_ ))" \
      -c:a aac -b:a 32k \
      -bsf:a "noise=drop=not(between(n\,$(( FRAMES + 1 ))\,$(( 2 * FRAMES ))))" \
      -f adts "$TMP"
    DESCRIPTION="$FRAMES AAC frames = $SECONDS_ s at $RATE Hz"
    ;;
  *.ul)
    RATE=8000
    ffmpeg -hide_banner -loglevel error -nostdin -y \
      -f lavfi -i "aevalsrc=${SIGNAL}:s=${RATE}:c=mono:d=${SECONDS_}" \
      -c:a pcm_mulaw -f mulaw "$TMP"
    DESCRIPTION="$SECONDS_ s of mu-law at $RATE Hz"
    ;;
  *)
    echo "make-audio: $OUT: the name must end in .aac or .ul" >&2
    exit 2
    ;;
esac

mv -f "$TMP" "$OUT"
trap - EXIT
echo "make-audio: wrote $OUT ($DESCRIPTION)" >&2
