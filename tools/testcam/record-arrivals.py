#!/usr/bin/python3
"""record-arrivals: record when ffmpeg hands over each frame of the paced test camera.

Starts testcam.py paced by the wall clock (frame n leaves at t0 + n/25 s), runs
ffmpeg the way the ingest does (RTSP over TCP, stream copy, framecrc on stdout,
flushed per packet), stamps every framecrc line with the wall clock as it is
read, and writes a gzipped CSV the estimator's unit tests replay:

    media_us,arrival_us,truth_us

media = dts + duration of the packet (ffmpeg's parser hands a frame over when
the next one begins); arrival = when its line was read; truth = when the camera
sent the frame at that media time. Times are microseconds after the camera sent
frame 0. Extra arguments go to testcam.py (e.g. --rate-ppm 3000).

usage: record-arrivals.py OUT.csv.gz SECONDS LOOP.h264 [testcam args...]
"""

import gzip
import os
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    out, seconds, loop = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as scratch:
        send_log = os.path.join(scratch, "send.log")
        camera = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(here, "testcam.py"), "--file", loop, "--port", "0",
             "--pace", "wallclock", "--send-log", send_log, *sys.argv[4:]],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = camera.stdout.readline().split()[1] + "/cam0"
        ffmpeg = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp",
             "-i", url, "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-flush_packets", "1", "pipe:1"],
            stdout=subprocess.PIPE, text=True)
        lines = []
        deadline = time.monotonic() + seconds
        for line in ffmpeg.stdout:
            lines.append((time.time_ns(), line))
            if time.monotonic() > deadline:
                break
        ffmpeg.terminate()
        camera.terminate()
        ffmpeg.wait()
        camera.wait()
        t0 = int(open(send_log).readline().split()[3])

    packets = []
    for arrived, line in lines:
        if line.startswith("#tb"):
            assert line.split(":")[1].strip() == "1/90000", line
            continue
        if line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        packets.append((arrived, int(fields[1]), int(fields[3]), "F=0x0" not in line))
    # Over TCP nothing is lost: packet i is the camera's frame i (keyframes every 50 prove the count).
    assert all(i % 50 == 0 for i, p in enumerate(packets) if p[3]), "frames were lost"
    with gzip.open(out, "wt") as series:
        series.write("# media_us,arrival_us,truth_us (tools/testcam/record-arrivals.py "
                     + " ".join(sys.argv[2:]) + ")\n")
        for i, (arrived, dts, duration, _) in enumerate(packets):
            series.write(f"{(dts + duration) * 1000 // 90},{(arrived - t0) // 1000},{(i + 1) * 40000}\n")
    print(f"record-arrivals: {len(packets)} packets to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
