using System.Runtime.InteropServices;

namespace Cvr.Bench;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo(
    int Processors,
    string CpuModel,
    string Memory,
    string OperatingSystem,
    string Kernel,
    string Runtime,
    string FfmpegVersion,
    string TempFileSystem,
    int ClockTicksPerSecond)
{
    public static async Task<MachineInfo> ReadAsync(string tempFolder, CancellationToken cancellationToken)
    {
        var cpuinfo = await File.ReadAllLinesAsync("/proc/cpuinfo", cancellationToken).ConfigureAwait(false);
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : "unknown";
        var osRelease = File.Exists("/etc/os-release")
            ? (await File.ReadAllLinesAsync("/etc/os-release", cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "unknown"
            : "unknown";
        var kernel = (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease", cancellationToken).ConfigureAwait(false)).Trim();
        var free = await Shell.OutputAsync("free", ["-g"], cancellationToken).ConfigureAwait(false);
        var ffmpeg = (await Shell.OutputAsync("ffmpeg", ["-hide_banner", "-version"], cancellationToken).ConfigureAwait(false)).Split('\n')[0];
        var df = (await Shell.OutputAsync("df", ["-hT", tempFolder], cancellationToken).ConfigureAwait(false)).Split('\n');
        return new MachineInfo(
            Environment.ProcessorCount,
            model,
            free,
            osRelease,
            kernel,
            RuntimeInformation.FrameworkDescription,
            ffmpeg,
            df.Length > 1 ? string.Join(' ', df[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)) : "unknown",
            ProcFs.ClockTicksPerSecond);
    }
}
