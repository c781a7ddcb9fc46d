"""Loop clips for testcam: a file parsed once into access units kept in memory.

A clip is what one appsrc re-emits forever: its units (encoded video frames,
AAC frames or 20-ms blocks of G.711), the caps that describe them, and how
long each unit lasts, from which the feeder derives continuous timestamps.
"""

import fractions
import logging

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

log = logging.getLogger("testcam")

# The parser splits the file into whole access units and marks non-keyframes
# DELTA_UNIT, which is what we need to re-emit them with the right flags.
VIDEO_PARSERS = {
    "h264": "h264parse ! video/x-h264,stream-format=byte-stream,alignment=au",
    "h265": "h265parse ! video/x-h265,stream-format=byte-stream,alignment=au",
    # Motion JPEG, which some cameras still send: every frame is a keyframe.
    "mjpeg": "jpegparse ! image/jpeg",
}
AAC_PARSER = "aacparse ! audio/mpeg,mpegversion=4,stream-format=raw"

# G.711 is cut into 20-ms packets, the usual ptime of cameras.
PCMU_RATE = 8000
PCMU_UNIT_SAMPLES = 160


class AccessUnit:
    """One encoded frame.  GLib.Bytes lets every push wrap the same memory
    in a new Gst.Buffer (zero copy, read-only, safe to share across mounts)."""

    __slots__ = ("data", "keyframe")

    def __init__(self, data, keyframe):
        self.data = data
        self.keyframe = keyframe


class Clip:
    """A loop: `units`, the `caps` of the stream they make, the `codec`
    (h264, h265, aac, pcmu; it picks the RTP payloader) and `unit_duration`,
    the length of one unit in seconds (a Fraction, so that timestamps are
    exact after any number of units)."""

    def __init__(self, path, codec, units, caps, unit_duration, description):
        self.path = path
        self.codec = codec
        self.units = units
        self.caps = caps
        self.unit_duration = unit_duration
        self.description = description

    @property
    def is_video(self):
        return self.codec in VIDEO_PARSERS


def _parse_units(path, parser):
    """Runs filesrc ! PARSER ! appsink and returns (units, caps)."""
    pipeline = Gst.parse_launch(f"filesrc name=src ! {parser} ! appsink name=sink sync=false")
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
    if not units:
        raise RuntimeError(f"{path}: no access units found")
    return units, caps


def load_video(path, codec, fps):
    """An Annex-B H.264 or H.265 loop, or concatenated JPEGs (make-loop.sh), starting at its first
    keyframe so that every new pipeline is decodable at once."""
    units, parsed = _parse_units(path, VIDEO_PARSERS[codec])
    first_key = next((i for i, u in enumerate(units) if u.keyframe), None)
    if first_key is None:
        raise RuntimeError(f"{path}: no {codec} keyframe found ({len(units)} access units; is --codec right?)")
    units = units[first_key:]

    st = parsed.get_structure(0)
    width = st.get_int("width")[1]
    height = st.get_int("height")[1]
    profile = st.get_string("profile")
    # Caps are built by hand so the advertised framerate matches the rate
    # we actually stamp, whatever the file's VUI says.
    caps = ("image/jpeg," if codec == "mjpeg" else f"video/x-{codec},stream-format=byte-stream,alignment=au,") + (
        f"width={width},height={height},framerate={fps.numerator}/{fps.denominator}")
    if profile:
        caps += f",profile={profile}"
    description = (f"{codec} {width}x{height} {profile or ''}: {len(units)} access units, "
                   f"{sum(u.keyframe for u in units)} keyframes")
    log.info("loaded %s: %s", path, description)
    return Clip(path, codec, units, Gst.Caps.from_string(caps), 1 / fps, description)


def load_aac(path):
    """An AAC loop in ADTS (make-audio.sh), re-emitted as raw AAC frames with
    the AudioSpecificConfig in the caps, which rtpmp4gpay puts in the SDP."""
    units, caps = _parse_units(path, AAC_PARSER)
    st = caps.get_structure(0)
    rate = st.get_int("rate")[1]
    channels = st.get_int("channels")[1]
    description = f"aac {rate} Hz x{channels}: {len(units)} frames"
    log.info("loaded %s: %s", path, description)
    # AAC-LC frames are 1024 samples each.
    return Clip(path, "aac", units, caps, fractions.Fraction(1024, rate), description)


def load_pcmu(path):
    """A raw G.711 mu-law loop, 8 kHz mono (make-audio.sh), cut into 20-ms
    units; a tail shorter than one unit is dropped."""
    with open(path, "rb") as f:
        data = f.read()
    size = PCMU_UNIT_SAMPLES
    units = [AccessUnit(GLib.Bytes.new(data[i:i + size]), True)
             for i in range(0, len(data) - size + 1, size)]
    if not units:
        raise RuntimeError(f"{path}: shorter than {size} samples")
    caps = Gst.Caps.from_string(f"audio/x-mulaw,rate={PCMU_RATE},channels=1")
    description = f"pcmu {PCMU_RATE} Hz x1: {len(units)} units of {size} samples"
    log.info("loaded %s: %s", path, description)
    return Clip(path, "pcmu", units, caps, fractions.Fraction(size, PCMU_RATE), description)


def load_audio(path, kind):
    return load_aac(path) if kind == "aac" else load_pcmu(path)
