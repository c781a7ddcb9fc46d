#!/usr/bin/python3
"""testcam: a fake RTSP camera for testing Cvr.

Serves a pre-encoded H.264 loop file (see make-loop.sh) on one or more RTSP
mounts (/cam0 .. /camN-1, plus /cam as an alias of /cam0) without
re-encoding, so it costs very little CPU even with several mounts.

Why it works the way it does:
  * Looping the file with multifilesrc produces buffers without timestamps,
    which breaks recorders.  Instead the file is parsed ONCE into a list of
    access units (AUs) kept in memory, and every mount has its own live
    `appsrc` that re-emits those AUs forever with continuously increasing
    PTS/DTS (never resetting at the loop seam), paced by the pipeline clock
    like a real camera.
  * The file has no B-frames (PTS == DTS, constant frame duration) and
    SPS/PPS before every IDR; rtph264pay config-interval=-1 additionally makes
    sure late joiners of a shared mount get SPS/PPS with every keyframe.

Stdout carries exactly one line, "READY rtsp://ADDRESS:PORT", once the server
is listening; all logging goes to stderr.  SIGTERM/SIGINT exit with code 0.

Run with the system interpreter (/usr/bin/python3), which has `gi`.
"""

import argparse
import fractions
import logging
import os
import signal
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, GObject, Gst, GstApp, GstRtsp, GstRtspServer  # noqa: E402,F401

log = logging.getLogger("testcam")

# If the feeder falls further behind the clock than this (e.g. the process was
# SIGSTOPped), jump the timestamps forward instead of bursting old frames.
MAX_LAG_NS = Gst.SECOND


# --------------------------------------------------------------------------
# Loading the loop file
# --------------------------------------------------------------------------

class AccessUnit:
    """One encoded frame.  GLib.Bytes lets every push wrap the same memory
    in a new Gst.Buffer (zero copy, read-only, safe to share across mounts)."""

    __slots__ = ("data", "keyframe")

    def __init__(self, data, keyframe):
        self.data = data
        self.keyframe = keyframe


class LoopClip:
    """The loop file parsed into access units, plus the caps describing them."""

    def __init__(self, units, width, height, profile):
        self.units = units
        self.width = width
        self.height = height
        self.profile = profile

    def caps(self, fps):
        # Caps are built by hand so the advertised framerate matches the rate
        # we actually stamp, whatever the file's VUI says.
        s = ("video/x-h264,stream-format=byte-stream,alignment=au,"
             f"width={self.width},height={self.height},"
             f"framerate={fps.numerator}/{fps.denominator}")
        if self.profile:
            s += f",profile={self.profile}"
        return Gst.Caps.from_string(s)


def load_clip(path):
    """Parse an Annex-B H.264 file into whole access units using h264parse.

    h264parse (alignment=au) splits the stream into frames and marks
    non-keyframes with DELTA_UNIT, which is exactly what we need to re-emit
    them with correct flags later."""
    pipeline = Gst.parse_launch(
        "filesrc name=src ! h264parse ! "
        "video/x-h264,stream-format=byte-stream,alignment=au ! "
        "appsink name=sink sync=false")
    pipeline.get_by_name("src").set_property("location", path)
    sink = pipeline.get_by_name("sink")
    pipeline.set_state(Gst.State.PLAYING)

    units, caps = [], None
    while True:
        sample = sink.emit("pull-sample")  # None at EOS (or on error)
        if sample is None:
            break
        caps = caps or sample.get_caps()
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        if not ok:
            continue
        try:
            data = GLib.Bytes.new(bytes(info.data))
        finally:
            buf.unmap(info)
        units.append(AccessUnit(data, not buf.has_flags(Gst.BufferFlags.DELTA_UNIT)))

    # Surface parse errors instead of silently serving an empty clip.
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if msg is not None:
        err, dbg = msg.parse_error()
        raise RuntimeError(f"cannot read {path}: {err.message} ({dbg})")

    # Start the loop on a keyframe so every new pipeline is decodable at once.
    first_key = next((i for i, u in enumerate(units) if u.keyframe), None)
    if first_key is None:
        raise RuntimeError(f"{path}: no keyframe found ({len(units)} access units)")
    units = units[first_key:]

    st = caps.get_structure(0)
    width = st.get_int("width")[1]
    height = st.get_int("height")[1]
    profile = st.get_string("profile")
    log.info("loaded %s: %d access units, %d keyframes, %dx%d %s",
             path, len(units), sum(u.keyframe for u in units), width, height,
             profile or "")
    return LoopClip(units, width, height, profile)


# --------------------------------------------------------------------------
# Feeding one media pipeline
# --------------------------------------------------------------------------

class Feeder:
    """Pushes the clip's AUs into one appsrc forever, paced by the clock.

    Runs inside appsrc's own streaming thread via "need-data": appsrc only
    calls it when its queue is empty and (because it is live) only while the
    pipeline is PLAYING, so no extra thread or timer is needed.  We sleep
    until the frame is due, then push exactly one buffer.

    Timestamps are running-time based: pts = start + n * frame_duration, so
    they increase continuously across loop iterations."""

    def __init__(self, name, appsrc, clip, fps, timing):
        self.name = name
        self.appsrc = appsrc
        self.clip = clip
        self.timing = timing
        self.duration = Gst.util_uint64_scale(Gst.SECOND, fps.denominator, fps.numerator)
        self.index = 0          # position in clip.units
        self.frames = 0         # frames pushed since start (for pts)
        self.start = None       # running time of frame 0
        self.wall_start = None  # wall-clock ns frame 0 is due (--pace wallclock)
        self.stopped = threading.Event()
        appsrc.connect("need-data", self._on_need_data)

    def stop(self):
        """Wake a sleeping need-data handler and make it push nothing more."""
        self.stopped.set()

    def _running_time(self):
        clock = self.appsrc.get_clock()
        if clock is None:
            return None
        return clock.get_time() - self.appsrc.get_base_time()

    def _on_need_data(self, appsrc, _length):
        if self.stopped.is_set():
            return
        if self.timing.pace == "wallclock":
            self._push_wallclock_paced(appsrc)
            return
        now = self._running_time()
        if self.start is None:
            self.start = now or 0
        pts = self.start + self.frames * self.duration
        if now is None:
            # No clock (should not happen while PLAYING).  We must still push:
            # appsrc does not ask again until its queue has drained, so
            # returning empty-handed would stall the stream.  Pace roughly.
            if self.stopped.wait(self.duration / Gst.SECOND):
                return
            now = pts

        if now - pts > MAX_LAG_NS:
            # We were frozen (SIGSTOP, heavy load): re-anchor to "now" in whole
            # frames.  Frame order is kept so the H.264 references stay valid.
            skip = (now - pts) // self.duration
            log.warning("%s: %d ms behind, jumping timestamps forward",
                        self.name, (now - pts) // Gst.MSECOND)
            self.start += skip * self.duration
            pts = self.start + self.frames * self.duration
        elif pts > now:
            # Event.wait doubles as an interruptible sleep for shutdown.
            if self.stopped.wait((pts - now) / Gst.SECOND):
                return

        self._push(appsrc, pts, self.duration)

    def _push_wallclock_paced(self, appsrc):
        """Frame n leaves at exactly wall_start + n / fps on the host's wall
        clock (a camera whose clock is right), whatever its timestamps say:
        --rate-ppm scales the timestamps (a camera clock running fast or
        slow) and --step-at/--step-ms make them jump once.

        With --phase-ms, wall_start is chosen so that keyframes leave that
        long after whole seconds.  Frame 0 is pushed at once all the same,
        stamped with when it is due: the server describes the stream only once
        a frame went through its payloader, and the sinks (which run on the
        camera's clock) hold it until then."""
        now = time.time_ns()
        if self.wall_start is None:
            self.wall_start = self.timing.schedule_start(now)
            self.start = (self._running_time() or 0) + int((self.wall_start - now) * self.timing.rate)
        due = self.wall_start + self.frames * self.duration
        wait = due - now
        if self.frames > 0 and wait > 0 and self.stopped.wait(wait / 1e9):
            return
        elapsed = self.frames * self.duration
        if self.timing.step_at is not None and elapsed >= self.timing.step_at:
            self.timing.step_clock()
        # The pipeline runs on the camera's own clock (Timing.clock), so the
        # sinks release each frame when it is due: at once, or (frame 0) later.
        media = elapsed * self.timing.rate + self.timing.stepped_ns
        pts = self.start + int(media)
        duration = int(self.duration * self.timing.rate)
        frame, index = self.frames, self.index
        sent = max(due, time.time_ns())
        if self._push(appsrc, pts, duration) and self.clip.units[index].keyframe:
            self.timing.log_send(self.name, frame, index, sent)

    def _push(self, appsrc, pts, duration):
        unit = self.clip.units[self.index]
        buf = Gst.Buffer.new_wrapped_bytes(unit.data)
        buf.pts = buf.dts = pts
        buf.duration = duration
        if not unit.keyframe:
            buf.set_flags(Gst.BufferFlags.DELTA_UNIT)

        ret = appsrc.push_buffer(buf)
        if ret != Gst.FlowReturn.OK:  # FLUSHING while shutting down
            log.debug("%s: push returned %s", self.name, ret.value_nick)
            return False
        self.frames += 1
        self.index = (self.index + 1) % len(self.clip.units)
        return True


class Timing:
    """How frames are paced and stamped (shared by every mount), and the log
    of when each keyframe was sent: one line per keyframe,
    `MOUNT FRAME LOOP_INDEX SENT_UNIX_NS`, flushed at once."""

    def __init__(self, pace, rate_ppm, step_at_s, step_ms, phase_ms, send_log):
        self.pace = pace
        self.rate = (1e6 + rate_ppm) / 1e6
        self.step_at = None if step_at_s is None else int(step_at_s * Gst.SECOND)
        self.step_ns = int(step_ms * Gst.MSECOND)
        self.stepped_ns = 0
        self.phase_ns = None if phase_ms is None else int(phase_ms * Gst.MSECOND)
        self._lock = threading.Lock()
        self._log = open(send_log, "a", encoding="ascii") if send_log else None
        # The camera's clock: the host's monotonic clock at the camera's rate
        # (and stepped once if asked). RTP timestamps and RTCP reports follow it.
        self.clock = None
        if pace == "wallclock":
            self.clock = GObject.new(Gst.SystemClock)
            now = self.clock.get_internal_time()
            self.clock.set_calibration(now, now, int(1e6 + rate_ppm), int(1e6))

    def step_clock(self):
        with self._lock:
            if self.stepped_ns or not self.step_ns:
                return
            internal, external, num, den = self.clock.get_calibration()
            now = self.clock.get_internal_time()
            self.clock.set_calibration(now, self.clock.get_time() + self.step_ns, num, den)
            self.stepped_ns = self.step_ns
            log.info("camera clock stepped by %d ms", self.step_ns // Gst.MSECOND)

    def schedule_start(self, now_ns):
        """When frame 0 is due: with --phase-ms, the next instant that long
        after a whole second (so that keyframes, one GOP of whole seconds
        apart, all fall there); without, now."""
        if self.phase_ns is None:
            return now_ns
        due = now_ns // Gst.SECOND * Gst.SECOND + self.phase_ns
        return due if due >= now_ns else due + Gst.SECOND

    def log_send(self, mount, frame, loop_index, sent_ns):
        if self._log is None:
            return
        with self._lock:
            self._log.write(f"{mount} {frame} {loop_index} {sent_ns}\n")
            self._log.flush()


# --------------------------------------------------------------------------
# RTSP server
# --------------------------------------------------------------------------

# rtph264pay config-interval=-1: send SPS/PPS with every IDR, so clients that
# join a shared mount mid-stream can start decoding at the next keyframe.
LAUNCH = ("( appsrc name=src is-live=true format=time do-timestamp=false "
          "min-latency=0 ! rtph264pay name=pay0 pt=96 config-interval=-1 )")


class CameraFactory(GstRtspServer.RTSPMediaFactory):
    """One mount.  shared=True: all clients of a mount watch the same
    pipeline (like a real camera); a new pipeline starts from the top of the
    clip when the first client arrives and is torn down after the last one
    leaves."""

    def __init__(self, name, clip, fps, registry, timing):
        super().__init__()
        self.name = name
        self.clip = clip
        self.fps = fps
        self.registry = registry
        self.timing = timing
        self.set_launch(LAUNCH)
        self.set_shared(True)
        if timing.clock is not None:
            self.set_clock(timing.clock)
        self.connect("media-configure", self._on_media_configure)

    def _on_media_configure(self, _factory, media):
        appsrc = media.get_element().get_by_name("src")
        appsrc.set_caps(self.clip.caps(self.fps))
        if self.timing.pace == "wallclock":
            # The media pipeline would report 20 ms of latency and its sinks hold
            # every frame that long; a camera paced by the wall clock sends when
            # it says. (The pipeline exists by now: configure follows creation.)
            pipeline = media.get_element().get_parent()
            if pipeline is not None:
                pipeline.set_latency(0)
        feeder = Feeder(self.name, appsrc, self.clip, self.fps, self.timing)
        self.registry.add(media, feeder)
        media.connect("unprepared", self.registry.remove)
        log.info("%s: new media pipeline", self.name)


class MediaRegistry:
    """Tracks live media so shutdown can stop feeders and pipelines in order
    (otherwise GStreamer threads may call into Python while it exits)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._feeders = {}

    def add(self, media, feeder):
        with self._lock:
            self._feeders[media] = feeder

    def remove(self, media):
        with self._lock:
            feeder = self._feeders.pop(media, None)
        if feeder is not None:
            feeder.stop()
            log.info("%s: media pipeline stopped", feeder.name)

    def shutdown(self):
        with self._lock:
            items = list(self._feeders.items())
        for media, feeder in items:
            feeder.stop()
        for media, _ in items:
            media.unprepare()
            self.remove(media)


def make_auth(method, user, password):
    """Build an RTSPAuth for basic or digest (one method only: enabling both
    at once is not possible from Python bindings)."""
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "user")
    auth = GstRtspServer.RTSPAuth()
    if method == "basic":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    else:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(user, password, token)
    # No default token: unauthenticated requests get 401.
    return auth


def grant_user_role(factory):
    """Allow the "user" role (from the token above) to see and build media."""
    factory.add_role_from_structure(Gst.Structure.from_string(
        "user, media.factory.access=(boolean)true, "
        "media.factory.construct=(boolean)true")[0])


def build_server(args, clip, registry, timing):
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    server.set_backlog(64)  # default 5 is tight when many recorders connect at once
    if args.auth != "none":
        server.set_auth(make_auth(args.auth, args.user, args.password))

    mounts = server.get_mount_points()
    for i in range(args.mounts):
        factory = CameraFactory(f"cam{i}", clip, args.fps, registry, timing)
        if args.auth != "none":
            grant_user_role(factory)
        mounts.add_factory(f"/cam{i}", factory)
        if i == 0:
            # Alias: same factory, but the server keys shared media by path,
            # so /cam gets its own (identical) pipeline.
            mounts.add_factory("/cam", factory)
    return server


def close_all_clients(server):
    """Drop every RTSP connection so clients see EOF promptly."""
    server.client_filter(lambda _s, _c: GstRtspServer.RTSPFilterResult.REMOVE)


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake RTSP H.264 camera for testing.")
    p.add_argument("--port", type=int, default=8554,
                   help="TCP port (0 = pick a free one; reported on READY line)")
    p.add_argument("--address", default="127.0.0.1", help="bind address")
    p.add_argument("--file", required=True, help="Annex-B .h264 loop (make-loop.sh)")
    p.add_argument("--mounts", type=int, default=1, help="mounts /cam0../camN-1")
    p.add_argument("--fps", type=float, default=25.0, help="frame rate to stamp")
    p.add_argument("--auth", choices=("none", "basic", "digest"), default="none")
    p.add_argument("--user", default="user")
    # From the environment, the password stays out of /proc/PID/cmdline, which
    # tests scan for it.
    p.add_argument("--password", default=os.environ.get("TESTCAM_PASSWORD", "pass"),
                   help="password (default: $TESTCAM_PASSWORD, else 'pass')")
    p.add_argument("--pace", choices=("pipeline", "wallclock"), default="pipeline",
                   help="wallclock: frame n leaves at exactly t0 + n/fps on the host's wall clock")
    p.add_argument("--rate-ppm", type=float, default=0.0,
                   help="(wallclock) timestamps run this many ppm fast (negative: slow)")
    p.add_argument("--step-at", type=float, default=None,
                   help="(wallclock) after this many seconds the timestamps jump by --step-ms")
    p.add_argument("--step-ms", type=float, default=0.0, help="(wallclock) size of the jump")
    p.add_argument("--phase-ms", type=float, default=None,
                   help="(wallclock) keyframes leave this many ms after a whole wall-clock second")
    p.add_argument("--send-log", default=None,
                   help="(wallclock) append 'MOUNT FRAME LOOP_INDEX SENT_UNIX_NS' per keyframe sent")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = p.parse_args(argv)
    if args.mounts < 1:
        p.error("--mounts must be >= 1")
    if args.fps <= 0:
        p.error("--fps must be > 0")
    if args.pace != "wallclock" and (args.rate_ppm or args.step_at is not None or args.send_log or args.phase_ms is not None):
        p.error("--rate-ppm, --step-at, --phase-ms and --send-log need --pace wallclock")
    if abs(args.rate_ppm) >= 100000:
        p.error("--rate-ppm must be within +-100000")
    if args.phase_ms is not None and not 0 <= args.phase_ms < 1000:
        p.error("--phase-ms must be in [0, 1000)")
    if not os.path.isfile(args.file):
        p.error(f"--file {args.file}: not found")
    args.fps = fractions.Fraction(args.fps).limit_denominator(1001)
    return args


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr,
                        level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s testcam %(levelname)s %(message)s")
    Gst.init(None)

    try:
        clip = load_clip(args.file)
    except RuntimeError as e:
        log.error("%s", e)
        return 1

    registry = MediaRegistry()
    timing = Timing(args.pace, args.rate_ppm, args.step_at, args.step_ms, args.phase_ms, args.send_log)
    server = build_server(args, clip, registry, timing)
    loop = GLib.MainLoop()

    # create_source() binds the listening socket and, unlike attach(), reports
    # failure (e.g. port in use) as an exception instead of silently leaving
    # the server unbound.  GLib sets SO_REUSEADDR (not SO_REUSEPORT), so a
    # restart on the same port works at once but two servers cannot share it.
    try:
        source = server.create_source(None)
    except GLib.Error as e:
        log.error("cannot listen on %s:%s: %s", args.address, args.port, e.message)
        return 1
    source.attach(None)
    port = server.get_bound_port()

    def on_signal(signame):
        log.info("%s received, shutting down", signame)
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, on_signal, "SIGTERM")
    GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, on_signal, "SIGINT")

    log.info("serving %s on rtsp://%s:%d/cam0..cam%d (auth=%s, %s fps)",
             args.file, args.address, port, args.mounts - 1, args.auth, args.fps)
    print(f"READY rtsp://{args.address}:{port}", flush=True)

    loop.run()

    # Orderly teardown: stop listening, drop clients, stop pipelines.
    source.destroy()
    close_all_clients(server)
    registry.shutdown()
    ctx = GLib.MainContext.default()
    while ctx.iteration(False):
        pass
    log.info("bye")
    return 0


if __name__ == "__main__":
    sys.exit(main())
