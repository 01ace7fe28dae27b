using Kappa.Chat.Messages;

namespace Kappa.Chat;

public sealed partial class Cabal
{
    private static readonly Lock ClockGate = new();
    private static double s_lastTimestamp;

    /// <summary>
    /// Now in milliseconds since the epoch, unique within this process: like cabal-core's
    /// monotonic-timestamp, a clash with the previous value adds .001 steps.
    /// </summary>
    public static double Timestamp()
    {
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (ClockGate)
        {
            if (now <= s_lastTimestamp) now = Math.Round(s_lastTimestamp + 0.001, 3);
            s_lastTimestamp = now;
            return now;
        }
    }

    /// <summary>Appends a <c>chat/text</c> to <c>local</c>; returns its seq.</summary>
    public ValueTask<long> SendAsync(string text, string channel = CabalMessages.DefaultChannel, double? timestamp = null, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.Text(channel, text, timestamp ?? Timestamp()), ct);

    /// <summary>Appends a <c>chat/emote</c> (<c>/me</c>); returns its seq.</summary>
    public ValueTask<long> EmoteAsync(string text, string channel = CabalMessages.DefaultChannel, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.Emote(channel, text, Timestamp()), ct);

    /// <summary>Appends a <c>chat/topic</c> for <paramref name="channel"/>; returns its seq.</summary>
    public ValueTask<long> SetTopicAsync(string channel, string text, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.Topic(channel, text, Timestamp()), ct);

    /// <summary>Appends an <c>about</c> with our nick; returns its seq.</summary>
    public ValueTask<long> SetNickAsync(string name, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.About(name, Timestamp()), ct);

    /// <summary>Appends a <c>channel/join</c>.</summary>
    public ValueTask<long> JoinAsync(string channel, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.Join(channel, Timestamp()), ct);

    /// <summary>Appends a <c>channel/leave</c>.</summary>
    public ValueTask<long> LeaveAsync(string channel, CancellationToken ct = default) =>
        Local.AppendRawAsync(CabalMessages.Leave(channel, Timestamp()), ct);
}
