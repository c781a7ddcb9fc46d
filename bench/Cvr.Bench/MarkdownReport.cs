using System.Globalization;
using System.Text;

namespace Cvr.Bench;

/// <summary>The report: a Markdown section for docs/, whose tables are also what the harness prints.</summary>
internal static class MarkdownReport
{
    private const double Mega = 1_000_000;

    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var machine = report.Machine;
        var text = new StringBuilder();
        Line(text, "## CPU, disk writes and memory: cvr against bare ffmpeg" + (report.Stream == BenchStream.H264 ? string.Empty : $" (--stream {report.Stream.Name})"));
        Line(text);
        Line(text, $"Measured {report.Started:yyyy-MM-dd HH:mm} UTC ({(report.Finished - report.Started).TotalMinutes:F0} min) with:");
        Line(text);
        Line(text, "```sh");
        Line(text, report.Command);
        Line(text, "```");
        Line(text);
        Line(text, $"- Machine: {machine.Processors} × {machine.CpuModel}; {machine.OperatingSystem}, kernel {machine.Kernel}; {machine.Runtime}");
        Line(text, $"- {machine.FfmpegVersion}");
        Line(text, $"- Temporary data (`/tmp/cvr-bench-*`): {machine.TempFileSystem}");
        Line(text, $"- Camera: `tools/testcam`, one process serving N mounts of {report.Stream.Description} ({report.BytesPerSecondPerCamera * 8 / 1000:F0} kbit/s of payload per mount)");
        Line(text, $"- Window: {report.Window.TotalSeconds:F0} s per scenario, after a {report.WarmUp.TotalSeconds:F0} s warm-up that starts once every recorder has "
            + (report.Ready == ReadyWhen.FirstSegment ? "closed its first segment (cvr: sealed and uploaded it)" : "created its first segment file"));
        Line(text);
        Line(text, "```");
        Line(text, "$ free -g");
        Line(text, machine.Memory);
        Line(text, "```");
        Line(text);
        text.Append(RenderTables(report));
        Line(text);
        Line(text, "### Method");
        Line(text);
        foreach (var note in MethodNotes(report))
        {
            Line(text, "- " + note);
        }

        return text.ToString();
    }

    /// <summary>The summary and raw tables and any warnings: what is printed to stdout.</summary>
    public static string RenderTables(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        Line(text, "### Results");
        Line(text);
        Line(text, "CPU in percent of one core per recorded camera. Targets: cvr/bare CPU at most "
            + F(BenchReport.MaximumCpuRatio, 1) + ", cvr bytes written per byte received at most " + F(BenchReport.MaximumWrittenPerReceived, 1) + ".");
        Line(text);
        Line(text, "| cameras | bare CPU | cvr CPU (host + ffmpeg) | cvr host | of which JIT | cvr ffmpeg | CPU cvr / bare | bare written / received | cvr written / received | host RSS (peak) |");
        Line(text, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in report.Results)
        {
            Line(text, Row(
                r.Cameras.ToString(CultureInfo.InvariantCulture),
                Percent(r.Bare.CpuPercentPerCamera),
                Percent(r.Cvr.CpuPercentPerCamera),
                Percent(r.Cvr.HostCpuPercentPerCamera),
                Percent(r.Cvr.HostJitCpuPercentPerCamera),
                Percent(r.Cvr.FfmpegCpuPercentPerCamera),
                Against(r.CpuRatio, BenchReport.MaximumCpuRatio),
                F(r.Bare.WrittenPerReceived, 3),
                Against(r.Cvr.WrittenPerReceived, BenchReport.MaximumWrittenPerReceived, 3),
                $"{r.Cvr.HostMemory.RssKiB / 1024.0:F0} MiB ({r.Cvr.HostMemory.HwmKiB / 1024.0:F0})"));
        }

        Line(text);
        Line(text, "Raw counters per scenario (MB = 10^6 bytes):");
        Line(text);
        Line(text, "| cameras | scenario | window s | CPU s host / ffmpeg | received MB | received / expected | video MB | write_bytes MB host / ffmpeg | wchar MB | ffmpeg RSS MiB | camera CPU | machine busy | processes started / ended |");
        Line(text, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in report.Results.SelectMany(r => new[] { r.Bare, r.Cvr }))
        {
            var ticks = (double)s.ClockTicksPerSecond;
            Line(text, Row(
                s.Cameras.ToString(CultureInfo.InvariantCulture),
                s.Scenario,
                F(s.Seconds, 1),
                $"{F(s.HostTicks / ticks, 2)} / {F((s.FfmpegTicks + s.ReapedChildTicks) / ticks, 2)}",
                F(s.ReceivedBytes / Mega, 2),
                F(s.ReceivedPerExpected, 3),
                F(s.VideoBytes / Mega, 2),
                $"{F(s.HostIo.WriteBytes / Mega, 2)} / {F(s.FfmpegIo.WriteBytes / Mega, 2)}",
                F(s.Wchar / Mega, 2),
                F(s.FfmpegRssKiB / 1024.0, 0),
                Percent(s.CameraCpuPercent),
                Percent(s.MachineBusyShare * 100),
                $"{s.ProcessesStarted} / {s.ProcessesEnded}"));
        }

        if (report.Results.Any(r => r.Clock is not null))
        {
            Line(text);
            Line(text, "Recorded time: every keyframe cvr recorded (from the first segment of each session on), its UTC against when the camera sent it. "
                + "Targets: error p50 at most " + F(BenchReport.MaximumClockErrorP50Ms, 0) + " ms, max at most " + F(BenchReport.MaximumClockErrorMs, 0) + " ms.");
            Line(text);
            Line(text, "| cameras | segments | keyframes | error p50 | error p99 | error max | signed p50 | camera sent late p50 / max |");
            Line(text, "|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in report.Results.Where(r => r.Clock is not null))
            {
                var c = r.Clock!;
                Line(text, Row(
                    r.Cameras.ToString(CultureInfo.InvariantCulture),
                    c.Segments.ToString(CultureInfo.InvariantCulture),
                    c.Keyframes.ToString(CultureInfo.InvariantCulture),
                    AgainstMs(c.ErrorP50Ms, BenchReport.MaximumClockErrorP50Ms),
                    F(c.ErrorP99Ms, 1) + " ms",
                    AgainstMs(c.ErrorMaxMs, BenchReport.MaximumClockErrorMs),
                    F(c.SignedP50Ms, 1) + " ms",
                    $"{F(c.CameraLateP50Ms, 1)} / {F(c.CameraLateMaxMs, 1)} ms"));
            }
        }

        var warnings = Warnings(report).ToList();
        if (warnings.Count > 0)
        {
            Line(text);
            Line(text, "Warnings:");
            Line(text);
            foreach (var warning in warnings)
            {
                Line(text, "- " + warning);
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Warnings(BenchReport report)
    {
        foreach (var s in report.Results.SelectMany(r => new[] { r.Bare, r.Cvr }))
        {
            var at = $"{s.Cameras} camera(s), {s.Scenario}";
            if (s.CameraCpuPercent >= 90)
            {
                yield return $"{at}: the camera server used {Percent(s.CameraCpuPercent)} of a core; its Python feeder may be saturated.";
            }

            if (s.ReceivedPerExpected < 0.97)
            {
                yield return $"{at}: received only {F(s.ReceivedPerExpected, 3)} of the loop's bytes; the camera or the recorders fell behind.";
            }

            if (s.MachineBusyShare >= 0.9)
            {
                yield return $"{at}: the machine was {Percent(s.MachineBusyShare * 100)} busy; the scenario competed for CPU.";
            }

            if (s.ProcessesStarted > 0 || s.ProcessesEnded > 0)
            {
                yield return $"{at}: {s.ProcessesStarted} process(es) started and {s.ProcessesEnded} ended within the window (ffmpeg restarts?); "
                    + "a reaped child's whole CPU time and I/O count in the window and its bytes received are missing.";
            }

            if (s.CameraConnections != s.Cameras)
            {
                yield return $"{at}: {s.CameraConnections} connection(s) to the camera at the end of the window, not {s.Cameras}.";
            }

            if (s.FfmpegProcesses != s.Cameras)
            {
                yield return $"{at}: {s.FfmpegProcesses} ffmpeg process(es) at the end of the window, not {s.Cameras}.";
            }

            if (s.OtherProcesses.Count > 0)
            {
                yield return $"{at}: the host also ran {string.Join(", ", s.OtherProcesses)} (counted as host).";
            }
        }
    }

    private static IEnumerable<string> MethodNotes(BenchReport report)
    {
        yield return "For each camera count, one camera process serves N mounts; the two scenarios run against it one after the other, "
            + "each started fresh, waited for until every recorder is recording (see Window above), warmed up, then measured. "
            + "Waiting for the first closed segment keeps one-off work (the host's first seal, upload and catalog update, and their JIT compilation) out of the window.";
        yield return "bare: N plain ffmpegs, each into its own folder: `ffmpeg " + string.Join(' ', report.BareCommand) + "`. "
            + "cvr runs the same ffmpeg command (the same stream selection and codecs, which it chooses from an ffprobe of the camera at the start of each session), "
            + "but reads the camera's URL from an ffconcat script on stdin (so that no camera password is in its command line: `-f concat -safe 0 -protocol_whitelist … -i pipe:0`), "
            + "plus `-reset_timestamps 0` (the default), `+frag_discont` with `use_editlist=1` (each track keeps its session times), `write_prft=wallclock` (one small prft box per 2 s fragment), "
            + "`-segment_clocktime_offset 0.1`, and a second output that prints a line per keyframe and per 25th video packet on stdout for the host's clock "
            + "(`-map 0:v:0 -c copy -bsf:v noise=drop=not(key)*mod(n\\,25),extract_extradata -f framecrc -flush_packets 1 pipe:1`); both use `-nostats` and TZ=UTC.";
        yield return "cvr: one `cvr serve` (all four services and the in-process bus in one process, `--data` and a folder asset store on the same disk), "
            + "with N activated LVA cvr-asset 2.0 instances (PT30S), each with its own cache (`localMediaCachePath` = `${System.GraphInstanceName}`)"
            + (report.Stream.HasAudio ? "; the sink's `outputSelectors` (video only) removed, so that cvr records the audio too." : ".");
        yield return $"CPU: delta of utime + stime (fields 14, 15 of /proc/PID/stat, CLK_TCK = {report.Machine.ClockTicksPerSecond}) over the window, "
            + "for every process of the scenario: bare, the ffmpegs; cvr, the host and all its descendants (by ppid), plus the host's cutime + cstime "
            + "for children that exited within the window. Percent of one core per camera = ticks / CLK_TCK / window / N × 100.";
        yield return "Bytes received: the kernel's count of bytes received (tcpi_bytes_received, `ss -ti`) on each ffmpeg's TCP connection to the camera, "
            + "delta over the window: RTSP with interleaved RTP, so a few percent above the payload. (`rchar` in /proc/PID/io does not count "
            + "recv(2), which is how ffmpeg reads sockets: it stays near 0.) \"expected\" is the loops' bytes per second (video, and audio if any) × window × N.";
        yield return "Bytes written: delta of `write_bytes` (page-cache pages the process dirtied, counted when dirtied, flushed or not) of every process "
            + "of the scenario; `wchar` also counts write(2) to pipes (ffmpeg's stderr, the host's log). Video: growth of the segment files on disk over the window "
            + "(cvr: ingest/, sealed/ and uploaded/ each segment once; the asset store's hard links are not counted again).";
        yield return "\"of which JIT\": the host's CPU on its `.NET Tiered Com` thread (/proc/PID/task/*/stat, read every 0.5 s because .NET "
            + "retires idle threads), where .NET recompiles methods that have become hot. It fades as methods settle, so it is mostly a warm-up cost; "
            + "a method run once per segment gets hot only after about 30 segments, which takes longest at one camera. "
            + "The JSON output (`--json`) has the host's CPU by thread name.";
        yield return "ffmpeg writes one fragment per keyframe (every 2 s here), so bytes written and video bytes grow in steps and a window cuts a step at "
            + "each end: up to ±1 fragment per camera (±3 % for one camera over 60 s), which averages out over many cameras. Received bytes carry "
            + "RTP/RTSP framing and Annex-B start codes that the MP4 does not, so writing each video byte once shows as about 0.94 written per byte received.";
        yield return "Host memory: VmRSS and, in parentheses, VmHWM (peak) of the cvr process from /proc/PID/status at the end of the window.";
        yield return "Recorded time: the camera is paced by the wall clock (frame n leaves at t0 + n × 40 ms, keyframes half a second after whole seconds) "
            + "and logs the wall-clock time it sends each keyframe. After the cvr window, every keyframe of every segment each instance recorded "
            + "(sealed or uploaded, the first segment of the session included) is decoded (`ffmpeg -skip_frame nokey … -f framemd5`), identified by its "
            + "picture's MD5 among the loop's five keyframes, and given the UTC cvr recorded for it (segment start + its place in the segment); the "
            + "error is that minus the logged send time of the same loop keyframe nearest to it. \"camera sent late\" is how far each logged send "
            + "was behind the camera's own schedule: a loaded camera sends late, and that lateness shows up as (negative) error.";
        yield return "Camera CPU: the camera process's utime + stime over the same window, in percent of one core (all mounts together); "
            + "machine busy: share of all cores not idle (/proc/stat), everything on the machine included.";
        if (report.Window.TotalSeconds % 30 != 0)
        {
            yield return $"The window ({report.Window.TotalSeconds:F0} s) is not a multiple of the 30 s segment length: cvr's per-segment work "
                + "(sealing, hashing, upload, catalog) happens once per camera at each :00 and :30, so such a window over- or under-weights it.";
        }
    }

    private static string Row(params string[] cells) => "| " + string.Join(" | ", cells) + " |";

    private static string Against(double value, double maximum, int decimals = 2) =>
        double.IsNaN(value) ? "n/a" : F(value, decimals) + (value <= maximum ? " (ok)" : $" (over {F(maximum, 1)})");

    private static string AgainstMs(double value, double maximum) =>
        double.IsNaN(value) ? "n/a" : F(value, 1) + " ms" + (value <= maximum ? " (ok)" : $" (over {F(maximum, 0)})");

    private static string Percent(double value) => double.IsNaN(value) ? "n/a" : F(value, 2) + " %";

    private static string F(double value, int decimals) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
