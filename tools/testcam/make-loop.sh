#!/usr/bin/env bash
# make-loop.sh OUT.h264|OUT.h265|OUT.mjpeg [SECONDS=10] [FPS=25] [GOP=50] [SIZE=1280x720] [BITRATE=2M]
#
# Generates the raw (Annex-B) elementary stream that testcam.py loops: H.264
# from libx264, or H.265 from libx265 when OUT ends in .h265 or .hevc, or
# Motion JPEG (concatenated JPEG frames) when it ends in .mjpeg.
# Idempotent: does nothing if OUT already exists and is non-empty.
#
# Why these encoder settings:
#   * -bf 0            no B-frames, so PTS == DTS and testcam can stamp frames
#                      in file order with a constant frame duration.
#   * fixed GOP        (-g = -keyint_min = GOP, -sc_threshold 0) so keyframes
#                      arrive at a predictable cadence like a real camera.
#   * whole GOPs       the frame count is rounded up to a multiple of GOP, so
#                      the loop seam falls exactly on an IDR frame.
#   * repeat-headers   SPS/PPS (and for H.265 the VPS) precede every IDR, so
#                      any loop iteration (and any late-joining client) can
#                      start decoding.
#   * closed GOPs      every keyframe is an IDR, as cameras send.
#   * main profile, yuv420p: decodable by anything.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUT.h264|OUT.h265|OUT.mjpeg [SECONDS=10] [FPS=25] [GOP=50] [SIZE=1280x720] [BITRATE=2M]" >&2
  exit 2
fi

OUT=$1
SECONDS_=${2:-10}
FPS=${3:-25}
GOP=${4:-50}
SIZE=${5:-1280x720}
BITRATE=${6:-2M}

if [[ -s "$OUT" ]]; then
  echo "make-loop: $OUT already exists, skipping" >&2
  exit 0
fi

# Round the frame count up to a whole number of GOPs (at least one GOP).
FRAMES=$(( SECONDS_ * FPS ))
GOPS=$(( (FRAMES + GOP - 1) / GOP ))
(( GOPS < 1 )) && GOPS=1
FRAMES=$(( GOPS * GOP ))

mkdir -p "$(dirname "$OUT")"
# Write to a temp file and rename so an interrupted run never leaves a
# truncated OUT behind (which the idempotency check would then accept).
TMP="$OUT.tmp.$$"
trap 'rm -f "$TMP"' EXIT

case "$OUT" in
  *.h265|*.hevc)
    CODEC=H.265
    ENCODER=(-c:v libx265 -profile:v main -pix_fmt yuv420p -preset veryfast
      -x265-params "keyint=$GOP:min-keyint=$GOP:scenecut=0:bframes=0:open-gop=0:repeat-headers=1:log-level=error"
      -f hevc) ;;
  *.mjpeg)
    CODEC=MJPEG
    ENCODER=(-c:v mjpeg -pix_fmt yuvj420p -q:v 5 -f mjpeg) ;;
  *)
    CODEC=H.264
    ENCODER=(-c:v libx264 -profile:v main -pix_fmt yuv420p -preset veryfast
      -bf 0 -g "$GOP" -keyint_min "$GOP" -sc_threshold 0
      -x264-params "repeat-headers=1:scenecut=0:open-gop=0"
      -f h264) ;;
esac

ffmpeg -hide_banner -loglevel error -nostdin -y \
  -f lavfi -i "testsrc2=size=${SIZE}:rate=${FPS}" \
  -frames:v "$FRAMES" -an \
  -b:v "$BITRATE" -maxrate "$BITRATE" -bufsize "$BITRATE" \
  "${ENCODER[@]}" "$TMP"

mv -f "$TMP" "$OUT"
trap - EXIT
echo "make-loop: wrote $OUT ($CODEC, $FRAMES frames = $GOPS GOPs of $GOP at ${FPS} fps, $SIZE)" >&2
