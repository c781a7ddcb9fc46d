using System.Diagnostics;

namespace Cvr.Bench;

/// <summary>
/// For each camera count: one camera process with that many mounts, then the bare scenario and the cvr
/// scenario one after the other, each started fresh, warmed up and measured over the same length of window.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, BenchFolder folder, TextWriter progress)
{
    /// <summary>How often the host's threads are read during the window (.NET retires idle threads).</summary>
    private static readonly TimeSpan ThreadSampling = TimeSpan.FromMilliseconds(500);

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var machine = await MachineInfo.ReadAsync(folder.Path, cancellationToken).ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var results = new List<CameraCountResult>();
        double bytesPerSecond = 0;
        foreach (var cameras in options.Cameras)
        {
            var run = folder.Create($"n{cameras:D3}");
            await using var camera = await CameraServer.StartAsync(run, cameras, options.Stream, cancellationToken).ConfigureAwait(false);
            bytesPerSecond = camera.BytesPerSecondPerMount;
            await progress.WriteLineAsync($"bench: {cameras} camera(s) on rtsp://127.0.0.1:{camera.Port}/cam0..cam{cameras - 1}");

            var bareFolder = Directory.CreateDirectory(Path.Combine(run, "bare")).FullName;
            var bare = await MeasureAsync(
                _ => Task.FromResult<IScenario>(BareFfmpegScenario.Start(bareFolder, camera, cameras, options.Stream)), camera, cameras, bareFolder, cancellationToken).ConfigureAwait(false);
            var cvrFolder = Directory.CreateDirectory(Path.Combine(run, "cvr")).FullName;
            ClockAccuracy? clock = null;
            var cvr = await MeasureAsync(
                async ct => await CvrScenario.StartAsync(cvrFolder, camera, cameras, options.Stream, ct).ConfigureAwait(false),
                camera,
                cameras,
                cvrFolder,
                cancellationToken,
                async (scenario, ct) => clock = await ((CvrScenario)scenario).MeasureClockAsync(camera, ct).ConfigureAwait(false)).ConfigureAwait(false);
            if (clock is not null)
            {
                await progress.WriteLineAsync($"bench: cvr: {clock.Keyframes} keyframes, timestamp error p50 {clock.ErrorP50Ms:F1} ms, max {clock.ErrorMaxMs:F1} ms");
            }

            results.Add(new CameraCountResult(cameras, bare, cvr, clock));
        }

        return new BenchReport(
            started,
            DateTimeOffset.UtcNow,
            options.Command,
            options.Stream,
            machine,
            options.Window,
            options.WarmUp,
            options.Ready,
            bytesPerSecond,
            BareFfmpegScenario.Arguments("rtsp://127.0.0.1:PORT/camK", "DIR", options.Stream),
            results);
    }

    /// <param name="afterWindow">Run after the window, while the scenario still runs (its recordings are still there).</param>
    private async Task<ScenarioResult> MeasureAsync(
        Func<CancellationToken, Task<IScenario>> start,
        CameraServer camera,
        int cameras,
        string scenarioFolder,
        CancellationToken cancellationToken,
        Func<IScenario, CancellationToken, Task>? afterWindow = null)
    {
        var scenario = await start(cancellationToken).ConfigureAwait(false);
        ScenarioResult result;
        await using (scenario.ConfigureAwait(false))
        {
            await progress.WriteLineAsync($"bench: {scenario.Name}: waiting for {cameras} recorder(s) ({options.Ready})");
            var timeout = TimeSpan.FromSeconds(60 + (3 * cameras) + (options.Ready == ReadyWhen.FirstSegment ? BareFfmpegScenario.SegmentSeconds + 10 : 0));
            await scenario.WaitUntilRecordingAsync(options.Ready, timeout, cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.WarmUp, cancellationToken).ConfigureAwait(false);

            await progress.WriteLineAsync($"bench: {scenario.Name}: measuring {options.Window.TotalSeconds:F0} s");
            var threads = scenario.RootRole == "host" ? new ThreadCpuTracker(scenario.RootProcessIds.Single()) : null;
            var first = await ScenarioSnapshot.TakeAsync(scenario, camera, cancellationToken).ConfigureAwait(false);
            var opened = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(opened) < options.Window)
            {
                var left = options.Window - Stopwatch.GetElapsedTime(opened);
                await Task.Delay(left < ThreadSampling ? left : ThreadSampling, cancellationToken).ConfigureAwait(false);
                threads?.Sample();
            }

            var last = await ScenarioSnapshot.TakeAsync(scenario, camera, cancellationToken).ConfigureAwait(false);
            threads?.Sample();
            if (camera.HasExited)
            {
                throw new InvalidOperationException("The camera server exited during the window.");
            }

            result = ScenarioResult.Compare(scenario.Name, cameras, first, last, camera.BytesPerSecondPerMount, threads?.TicksByName());
            await progress.WriteLineAsync(
                $"bench: {scenario.Name}: {result.CpuPercentPerCamera:F2} % of a core per camera, {result.WrittenPerReceived:F3} bytes written per byte received");
            if (afterWindow is not null)
            {
                await afterWindow(scenario, cancellationToken).ConfigureAwait(false);
            }
        }

        // Every process of the scenario is stopped; drop its recordings so that disk use stays bounded.
        if (folder.KillStrays(spare: camera.ProcessId) is > 0 and var killed)
        {
            await progress.WriteLineAsync($"bench: killed {killed} process(es) left over by {scenario.Name}");
        }

        if (!options.Keep)
        {
            Directory.Delete(scenarioFolder, recursive: true);
        }

        return result;
    }
}
