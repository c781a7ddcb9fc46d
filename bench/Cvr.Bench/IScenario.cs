namespace Cvr.Bench;

/// <summary>One way of recording N camera mounts, running until disposed.</summary>
internal interface IScenario : IAsyncDisposable
{
    /// <summary>bare or cvr.</summary>
    string Name { get; }

    /// <summary>The processes the harness started; everything they start is measured too.</summary>
    IReadOnlyCollection<int> RootProcessIds { get; }

    /// <summary>What the roots are: ffmpeg (bare) or host (cvr).</summary>
    string RootRole { get; }

    /// <summary>Waits until every camera's recorder has got as far as <paramref name="ready"/> says.</summary>
    Task WaitUntilRecordingAsync(ReadyWhen ready, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Bytes of segment files on disk now, each segment counted once wherever it is.</summary>
    long VideoBytes();
}
