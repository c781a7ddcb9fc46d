#!/usr/bin/python3
"""testcam: a fake RTSP camera for testing Cvr.

Serves a pre-encoded H.264 or H.265 loop file (see make-loop.sh), optionally
with an AAC or G.711 mu-law audio loop (make-audio.sh), on one or more RTSP
mounts (/cam0 .. /camN-1, plus /cam as an alias of /cam0) without
re-encoding, so it costs very little CPU even with several mounts.

Why it works the way it does:
  * Looping the file with multifilesrc produces buffers without timestamps,
    which breaks recorders.  Instead each file is parsed ONCE into a list of
    access units (AUs) kept in memory (clips.py), and every mount has a live
    `appsrc` per stream that re-emits those AUs forever with continuously
    increasing PTS/DTS (never resetting at the loop seam), paced by the
    pipeline clock like a real camera (feeder.py).  Video and audio of one
    pipeline share their time zero, so they start together and stay in sync.
  * The video has no B-frames (PTS == DTS, constant frame duration) and
    parameter sets before every IDR; the payloader's config-interval=-1
    additionally makes sure late joiners of a shared mount get them with
    every keyframe.
  * --switch-at changes the video settings mid-stream, like someone editing
    the camera's settings: a new resolution keeps the session (new SPS/PPS in
    band), a new codec ends it (clients reconnect and get a new SDP).

Stdout carries exactly one line, "READY rtsp://ADDRESS:PORT" ("rtsps://" with
--tls-cert), once the server is listening; all logging goes to stderr.  SIGTERM/SIGINT exit with code 0.

Run with the system interpreter (/usr/bin/python3), which has `gi`.
"""

import argparse
import fractions
import logging
import os
import signal
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib, Gst, GstApp, GstRtsp, GstRtspServer  # noqa: E402,F401

from clips import load_audio, load_video  # noqa: E402
from feeder import Anchor, Feeder, Switch, Timing  # noqa: E402

log = logging.getLogger("testcam")


# --------------------------------------------------------------------------
# RTSP server
# --------------------------------------------------------------------------

# Video payloaders get config-interval=-1: parameter sets with every IDR, so
# clients that join a shared mount mid-stream can start decoding at the next
# keyframe.  AAC goes as mpeg4-generic (RFC 3640, AAC-hbr), as most cameras
# send it and ffmpeg reads it; G.711 in 20-ms packets.
PAYLOADERS = {
    "h264": "rtph264pay pt=96 config-interval=-1",
    "h265": "rtph265pay pt=96 config-interval=-1",
    "mjpeg": "rtpjpegpay pt=26",
    "aac": "rtpmp4gpay pt=97",
    "pcmu": "rtppcmupay pt=0 max-ptime=20000000",
}
APPSRC = "appsrc name={} is-live=true format=time do-timestamp=false min-latency=0"


class CameraSettings:
    """What a mount sends: a video clip and, optionally, an audio clip."""

    def __init__(self, video, audio):
        self.video = video
        self.audio = audio

    def launch(self):
        streams = [f"{APPSRC.format('src')} ! {PAYLOADERS[self.video.codec]} name=pay0"]
        if self.audio is not None:
            streams.append(f"{APPSRC.format('asrc')} ! {PAYLOADERS[self.audio.codec]} name=pay1")
        return "( " + "  ".join(streams) + " )"


class CameraFactory(GstRtspServer.RTSPMediaFactory):
    """One mount.  shared=True: all clients of a mount watch the same
    pipeline (like a real camera); a new pipeline starts from the top of the
    clips when the first client arrives and is torn down after the last one
    leaves.

    With a `switch_plan` (at_ns, settings), the first pipeline changes to
    those settings at_ns into its stream, and they stay: every later pipeline
    starts with them (a camera keeps the settings it was given)."""

    def __init__(self, name, settings, switch_plan, server, registry, timing):
        super().__init__()
        self.name = name
        self.settings = settings
        self.switch_plan = switch_plan
        self.server = server
        self.registry = registry
        self.timing = timing
        self.set_launch(settings.launch())
        self.set_shared(True)
        if timing.clock is not None:
            self.set_clock(timing.clock)
        self.connect("media-configure", self._on_media_configure)

    def _on_media_configure(self, _factory, media):
        element = media.get_element()
        settings = self.settings
        if self.timing.pace == "wallclock":
            # The media pipeline would report 20 ms of latency and its sinks hold
            # every frame that long; a camera paced by the wall clock sends when
            # it says. (The pipeline exists by now: configure follows creation.)
            pipeline = element.get_parent()
            if pipeline is not None:
                pipeline.set_latency(0)
        anchor = Anchor()
        switch = None
        if self.switch_plan is not None:
            at_ns, after = self.switch_plan
            switch = Switch(at_ns, after.video, after.video.codec == settings.video.codec,
                            lambda s: self._on_switch(media, after, s))
        feeders = [self._feeder(element, "src", self.name, settings.video, anchor, switch, True)]
        if settings.audio is not None:
            feeders.append(self._feeder(element, "asrc", f"{self.name} audio", settings.audio, anchor, None, False))
        self.registry.add(media, feeders)
        media.connect("unprepared", self.registry.remove)
        log.info("%s: new media pipeline (%s)", self.name,
                 " + ".join(f.clip.codec for f in feeders))

    def _feeder(self, element, src_name, name, clip, anchor, switch, log_sends):
        appsrc = element.get_by_name(src_name)
        appsrc.set_caps(clip.caps)
        return Feeder(name, appsrc, clip, anchor, self.timing, switch, log_sends)

    def _on_switch(self, media, after, switch):
        """From a streaming thread: the settings changed.  Later pipelines
        start with them; a new codec ends this pipeline's sessions, from the
        main loop."""
        self.switch_plan = None
        self.settings = after
        self.set_launch(after.launch())
        if not switch.keeps_session:
            GLib.idle_add(self._end_sessions, media)

    def _end_sessions(self, media):
        ended = end_sessions(self.server, media)
        self.registry.stop(media)
        media.unprepare()
        log.info("%s: ended %d client connection(s); the next DESCRIBE gets %s",
                 self.name, ended, self.settings.video.codec)
        return GLib.SOURCE_REMOVE


class MediaRegistry:
    """Tracks live media and their feeders so shutdown can stop feeders and
    pipelines in order (otherwise GStreamer threads may call into Python while
    it exits)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._feeders = {}

    def add(self, media, feeders):
        with self._lock:
            self._feeders[media] = feeders

    def stop(self, media):
        """Stops the media's feeders (so that no need-data handler sleeps
        while the pipeline is being torn down)."""
        with self._lock:
            feeders = self._feeders.get(media, [])
        for feeder in feeders:
            feeder.stop()

    def remove(self, media):
        with self._lock:
            feeders = self._feeders.pop(media, None)
        if feeders:
            for feeder in feeders:
                feeder.stop()
            log.info("%s: media pipeline stopped", feeders[0].name)

    def shutdown(self):
        with self._lock:
            medias = list(self._feeders)
        for media in medias:
            self.stop(media)
        for media in medias:
            media.unprepare()
            self.remove(media)


def user_token():
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "user")
    return token


def make_auth(method, user, password, tls_cert, tls_key):
    """Build the server's RTSPAuth, or None when it needs none: basic or
    digest (one method only: enabling both at once is not possible from
    Python bindings), and with a certificate the server speaks RTSPS (TLS
    from the first byte, as rtsps:// clients expect)."""
    if method == "none" and tls_cert is None:
        return None
    auth = GstRtspServer.RTSPAuth()
    if method == "basic":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), user_token())
    elif method == "digest":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(user, password, user_token())
    else:
        # TLS without authentication: everyone gets the user role.
        auth.set_default_token(user_token())
    # Otherwise no default token: unauthenticated requests get 401.
    if tls_cert is not None:
        auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(tls_cert, tls_key))
    return auth


def grant_user_role(factory):
    """Allow the "user" role (from the token above) to see and build media."""
    factory.add_role_from_structure(Gst.Structure.from_string(
        "user, media.factory.access=(boolean)true, "
        "media.factory.construct=(boolean)true")[0])


def build_server(args, settings, switch_plan, registry, timing):
    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    server.set_backlog(64)  # default 5 is tight when many recorders connect at once
    auth = make_auth(args.auth, args.user, args.password, args.tls_cert, args.tls_key)
    if auth is not None:
        server.set_auth(auth)

    mounts = server.get_mount_points()
    for i in range(args.mounts):
        factory = CameraFactory(f"cam{i}", settings, switch_plan, server, registry, timing)
        if auth is not None:
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


def end_sessions(server, media):
    """Drop the connections of the clients that watch `media`, as a camera
    does when it restarts its encoder with a new codec; returns how many."""
    ended = 0

    def watches_media(_server, client):
        nonlocal ended
        for session in client.session_filter(None):
            if any(sm.get_media() == media for sm in session.filter(None)):
                ended += 1
                return GstRtspServer.RTSPFilterResult.REMOVE
        return GstRtspServer.RTSPFilterResult.KEEP

    server.client_filter(watches_media)
    return ended


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake RTSP camera (H.264/H.265, AAC/G.711) for testing.")
    p.add_argument("--port", type=int, default=8554,
                   help="TCP port (0 = pick a free one; reported on READY line)")
    p.add_argument("--address", default="127.0.0.1", help="bind address")
    p.add_argument("--file", required=True, help="Annex-B video loop (make-loop.sh), in --codec")
    p.add_argument("--codec", choices=("h264", "h265", "mjpeg"), default="h264", help="the codec of --file")
    p.add_argument("--audio", choices=("none", "aac", "pcmu"), default="none",
                   help="an audio stream next to the video, from --audio-file")
    p.add_argument("--audio-file", default=None,
                   help="audio loop (make-audio.sh): ADTS .aac for aac, raw 8 kHz mu-law for pcmu")
    p.add_argument("--switch-at", type=float, default=None,
                   help="this many seconds into a mount's first stream, its video settings change to --switch-to")
    p.add_argument("--switch-to", default=None, help="the video loop after the switch")
    p.add_argument("--switch-codec", choices=("h264", "h265"), default=None,
                   help="the codec of --switch-to (default: --codec); a new codec ends the sessions")
    p.add_argument("--mounts", type=int, default=1, help="mounts /cam0../camN-1")
    p.add_argument("--fps", type=float, default=25.0, help="frame rate to stamp")
    p.add_argument("--auth", choices=("none", "basic", "digest"), default="none")
    p.add_argument("--user", default="user")
    # From the environment, the password stays out of /proc/PID/cmdline, which
    # tests scan for it.
    p.add_argument("--password", default=os.environ.get("TESTCAM_PASSWORD", "pass"),
                   help="password (default: $TESTCAM_PASSWORD, else 'pass')")
    p.add_argument("--tls-cert", default=None,
                   help="PEM certificate (chain) of the server: it speaks RTSPS; with --tls-key")
    p.add_argument("--tls-key", default=None, help="PEM private key of --tls-cert")
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
    if (args.audio == "none") != (args.audio_file is None):
        p.error("--audio aac|pcmu and --audio-file go together")
    if args.audio_file is not None and not os.path.isfile(args.audio_file):
        p.error(f"--audio-file {args.audio_file}: not found")
    if (args.switch_at is None) != (args.switch_to is None):
        p.error("--switch-at and --switch-to go together")
    if args.switch_at is not None and args.switch_at <= 0:
        p.error("--switch-at must be > 0")
    if args.switch_to is not None and not os.path.isfile(args.switch_to):
        p.error(f"--switch-to {args.switch_to}: not found")
    if (args.tls_cert is None) != (args.tls_key is None):
        p.error("--tls-cert and --tls-key go together")
    for tls_file in (args.tls_cert, args.tls_key):
        if tls_file is not None and not os.path.isfile(tls_file):
            p.error(f"{tls_file}: not found")
    args.switch_codec = args.switch_codec or args.codec
    args.fps = fractions.Fraction(args.fps).limit_denominator(1001)
    return args


def load_settings(args):
    """The clips, parsed once: the camera's settings, and the switch plan
    (at_ns, settings after it) or None."""
    audio = None if args.audio == "none" else load_audio(args.audio_file, args.audio)
    settings = CameraSettings(load_video(args.file, args.codec, args.fps), audio)
    if args.switch_at is None:
        return settings, None
    after = CameraSettings(load_video(args.switch_to, args.switch_codec, args.fps), audio)
    return settings, (int(args.switch_at * Gst.SECOND), after)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr,
                        level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s testcam %(levelname)s %(message)s")
    Gst.init(None)

    try:
        settings, switch_plan = load_settings(args)
    except RuntimeError as e:
        log.error("%s", e)
        return 1

    registry = MediaRegistry()
    timing = Timing(args.pace, args.rate_ppm, args.step_at, args.step_ms, args.phase_ms, args.send_log)
    try:
        server = build_server(args, settings, switch_plan, registry, timing)
    except GLib.Error as e:
        log.error("cannot use the TLS certificate or key: %s", e.message)
        return 1
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

    scheme = "rtsp" if args.tls_cert is None else "rtsps"
    log.info("serving %s on %s://%s:%d/cam0..cam%d (auth=%s, %s fps)",
             settings.launch(), scheme, args.address, port, args.mounts - 1, args.auth, args.fps)
    print(f"READY {scheme}://{args.address}:{port}", flush=True)

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
