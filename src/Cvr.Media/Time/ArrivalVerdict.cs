namespace Cvr.Media.Time;

/// <summary>What one arrival says about the camera's clock.</summary>
public enum ArrivalVerdict
{
    /// <summary>Consistent with what was learnt so far (a late frame is consistent: networks delay).</summary>
    Consistent,

    /// <summary>The frame's timestamp is ahead of its arrival by more than the step threshold: the camera's timestamps jumped forward.</summary>
    JumpedForward,

    /// <summary>The timestamps went back, or every frame has been late by more than the step threshold for too long.</summary>
    JumpedBack,
}
