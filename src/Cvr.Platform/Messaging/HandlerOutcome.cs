namespace Cvr.Platform.Messaging;

/// <summary>What a handler made of one delivery; maps one to one onto Dapr's SUCCESS / RETRY / DROP.</summary>
public enum HandlerOutcome
{
    /// <summary>Handled (or already handled before): acknowledge.</summary>
    Success,

    /// <summary>Could not be handled now; deliver again later.</summary>
    Retry,

    /// <summary>Can never be handled; do not deliver again.</summary>
    Drop,
}
