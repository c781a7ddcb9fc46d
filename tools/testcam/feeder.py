"""Feeding one media pipeline: a clip's units pushed into an appsrc forever,
paced by the clock, with timestamps that never go back at the loop seam."""

import logging
import threading
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GObject, Gst  # noqa: E402

log = logging.getLogger("testcam")

# If the feeder falls further behind the clock than this (e.g. the process was
# SIGSTOPped), jump the timestamps forward instead of bursting old frames.
MAX_LAG_NS = Gst.SECOND


class Anchor:
    """Where stream time 0 of one media pipeline lies, shared by its video and
    audio feeders so that both streams start at the same instant: `start` in
    running time, `wall_start` (paced by the wall clock) the wall-clock ns it
    is due, and `offset`, the sum of the jumps forward after freezes."""

    def __init__(self):
        self._lock = threading.Lock()
        self.start = None
        self.wall_start = None
        self.offset = 0

    def fix(self, make):
        """The first feeder to ask sets (start, wall_start) = make()."""
        with self._lock:
            if self.start is None:
                self.start, self.wall_start = make()
            return self.start

    def catch_up(self, name, seen_offset, lag, quantum):
        """Jump stream time forward over a freeze, in whole `quantum`s, once:
        when another feeder of the media has jumped since `seen_offset` was
        read, its jump stands."""
        with self._lock:
            if self.offset == seen_offset:
                self.offset += lag // quantum * quantum
                log.warning("%s: %d ms behind, jumping timestamps forward", name, lag // Gst.MSECOND)
            return self.offset


class Feeder:
    """Pushes a clip's units into one appsrc forever, paced by the clock.

    Runs inside appsrc's own streaming thread via "need-data": appsrc only
    calls it when its queue is empty and (because it is live) only while the
    pipeline is PLAYING, so no extra thread or timer is needed.  We sleep
    until the unit is due, then push exactly one buffer.

    Unit n is stamped start + n * unit_duration (exact, from a Fraction), so
    timestamps increase continuously across loop iterations, and a video and
    an audio feeder sharing an Anchor stay in sync however long they run.

    With a `switch` (video only), the video settings change once the stream
    is that old: see Switch."""

    def __init__(self, name, appsrc, clip, anchor, timing, switch=None, log_sends=False):
        self.name = name
        self.appsrc = appsrc
        self.clip = clip
        self.anchor = anchor
        self.timing = timing
        self.switch = switch
        self.log_sends = log_sends
        self.index = 0          # position in clip.units
        self.frames = 0         # units pushed since start (for pts)
        self.stopped = threading.Event()
        appsrc.connect("need-data", self._on_need_data)

    def stop(self):
        """Wake a sleeping need-data handler and make it push nothing more."""
        self.stopped.set()

    def elapsed(self, units):
        """Stream time of unit `units`, in ns."""
        d = self.clip.unit_duration
        return Gst.util_uint64_scale(units, Gst.SECOND * d.numerator, d.denominator)

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
        start = self.anchor.fix(lambda: (now or 0, None))
        offset = self.anchor.offset
        elapsed = self.elapsed(self.frames)
        duration = self.elapsed(self.frames + 1) - elapsed
        pts = start + offset + elapsed
        if now is None:
            # No clock (should not happen while PLAYING).  We must still push:
            # appsrc does not ask again until its queue has drained, so
            # returning empty-handed would stall the stream.  Pace roughly.
            if self.stopped.wait(duration / Gst.SECOND):
                return
            now = pts

        if now - pts > MAX_LAG_NS:
            # We were frozen (SIGSTOP, heavy load): re-anchor to "now" in whole
            # units.  Unit order is kept so the H.264 references stay valid.
            pts = start + self.anchor.catch_up(self.name, offset, now - pts, duration) + elapsed
        elif pts > now:
            # Event.wait doubles as an interruptible sleep for shutdown.
            if self.stopped.wait((pts - now) / Gst.SECOND):
                return

        self._push(appsrc, pts, duration)

    def _push_wallclock_paced(self, appsrc):
        """Unit n leaves at exactly wall_start + n * unit_duration on the
        host's wall clock (a camera whose clock is right), whatever its
        timestamps say: --rate-ppm scales the timestamps (a camera clock
        running fast or slow) and --step-at/--step-ms make them jump once.

        With --phase-ms, wall_start is chosen so that keyframes leave that
        long after whole seconds.  Unit 0 is pushed at once all the same,
        stamped with when it is due: the server describes the stream only once
        a frame went through its payloader, and the sinks (which run on the
        camera's clock) hold it until then."""
        now = time.time_ns()

        def make():
            wall_start = self.timing.schedule_start(now)
            return (self._running_time() or 0) + int((wall_start - now) * self.timing.rate), wall_start

        start = self.anchor.fix(make)
        elapsed = self.elapsed(self.frames)
        due = self.anchor.wall_start + elapsed
        wait = due - now
        if self.frames > 0 and wait > 0 and self.stopped.wait(wait / 1e9):
            return
        if self.timing.step_at is not None and elapsed >= self.timing.step_at:
            self.timing.step_clock()
        # The pipeline runs on the camera's own clock (Timing.clock), so the
        # sinks release each unit when it is due: at once, or (unit 0) later.
        media = elapsed * self.timing.rate + self.timing.stepped_ns
        pts = start + int(media)
        duration = int((self.elapsed(self.frames + 1) - elapsed) * self.timing.rate)
        frame, index = self.frames, self.index
        sent = max(due, time.time_ns())
        if self._push(appsrc, pts, duration) and self.log_sends and self.clip.units[index].keyframe:
            self.timing.log_send(self.name, frame, index, sent)

    def _push(self, appsrc, pts, duration):
        if self.switch is not None and self.elapsed(self.frames) >= self.switch.at_ns:
            if not self._switch(appsrc):
                return False
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

    def _switch(self, appsrc):
        """Applies the pending switch; False when this pipeline ends with it."""
        switch, self.switch = self.switch, None
        switch.applied()
        if not switch.keeps_session:
            log.info("%s: video settings changed to %s: ending the session", self.name, switch.clip.description)
            self.stopped.set()
            return False
        # Same codec, new SPS/PPS in band: the encoder restarts on an IDR of
        # the new clip, the timestamps go on.
        log.info("%s: video settings changed to %s, in band", self.name, switch.clip.description)
        self.clip = switch.clip
        self.index = 0
        appsrc.set_caps(switch.clip.caps)
        return True


class Switch:
    """A change of the camera's video settings `at_ns` into the stream, to
    `clip`.  Same codec (a new resolution): the session goes on and the new
    SPS/PPS come in band.  A new codec needs a new SDP: `applied` tells the
    mount, which ends the sessions and describes the new codec to whoever
    reconnects."""

    def __init__(self, at_ns, clip, keeps_session, on_applied):
        self.at_ns = at_ns
        self.clip = clip
        self.keeps_session = keeps_session
        self._on_applied = on_applied

    def applied(self):
        self._on_applied(self)


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
            now = self.clock.get_internal_time()
            _internal, _external, num, den = self.clock.get_calibration()
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
