namespace Kappa.Swarm.Dht;

/// <summary>
/// Request timing. dht-rpc 4's io.js ticks every 750 ms: a request is re-sent after 3 ticks
/// (about 2 s) up to 3 sends and dropped after 10 ticks (7.5 s); hyperswarm 2's spec figures are
/// "about 1.5 s, 3 sends, about 6 s", which we use. Tests shorten them.
/// </summary>
internal sealed record DhtTimings
{
    public static DhtTimings Default { get; } = new();

    /// <summary>Wait before re-sending an unanswered request.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Sends per request, the first included.</summary>
    public int Sends { get; init; } = 3;

    /// <summary>Time from the first send until the request is given up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Maintenance tick (dht-rpc: 5 s): liveness pings, re-bootstrap, token rotation checks.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(5);
}
