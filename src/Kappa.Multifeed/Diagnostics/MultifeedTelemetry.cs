using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Diagnostics;

/// <summary>
/// The <c>Kappa.Multifeed</c> meter and activity source: replication sessions (one per connected
/// peer) as a live count and a total by outcome, and one <c>kappa.replicate</c> span per session
/// (OpenTelemetry: <c>AddSource("Kappa.*")</c>) carrying what it moved.
/// </summary>
public static class MultifeedTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Kappa.Multifeed";

    private static readonly string? Version = typeof(MultifeedTelemetry).Assembly.GetName().Version?.ToString();
    private static readonly Meter Meter = new(Name, Version);
    private static readonly ActivitySource Source = new(Name, Version);

    private static readonly UpDownCounter<long> ActiveSessions = Meter.CreateUpDownCounter<long>(
        "kappa.replication.sessions.active", "{session}", "Replication sessions running now (connected peers).");

    private static readonly Counter<long> EndedSessions = Meter.CreateCounter<long>(
        "kappa.replication.sessions.ended", "{session}", "Replication sessions that ended (kappa.outcome: completed or failed).");

    /// <summary>Counts a session as running and starts its span (null when nobody listens).</summary>
    internal static Activity? SessionStarted(bool isInitiator, bool live)
    {
        ActiveSessions.Add(1);
        var activity = Source.StartActivity("kappa.replicate");
        activity?.SetTag("kappa.initiator", isInitiator);
        activity?.SetTag("kappa.live", live);
        return activity;
    }

    /// <summary>Ends a session's count and span with what it moved and how it ended.</summary>
    internal static void SessionEnded(Activity? activity, ReplicationProgress progress, Exception? error)
    {
        ActiveSessions.Add(-1);
        EndedSessions.Add(1, new KeyValuePair<string, object?>("kappa.outcome", error is null ? "completed" : "failed"));
        if (activity is null) return;
        activity.SetTag("kappa.feeds", progress.FeedsTotal);
        activity.SetTag("kappa.received.blocks", progress.BlocksReceived);
        activity.SetTag("kappa.received.bytes", progress.BytesReceived);
        activity.SetTag("kappa.sent.blocks", progress.BlocksSent);
        activity.SetTag("kappa.sent.bytes", progress.BytesSent);
        if (error is not null) activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.Dispose();
    }
}
