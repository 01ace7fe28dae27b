using Kappa.Hypercore.Crypto;

namespace Kappa.Chat.Messages;

/// <summary>
/// One message of a channel as the views read it: a <c>chat/text</c>, <c>chat/emote</c> or
/// <c>chat/topic</c> entry (any type starting with <c>chat/</c> with a string channel and text
/// and a numeric timestamp, as cabal-core's messages view requires).
/// </summary>
/// <param name="Feed">The author's feed.</param>
/// <param name="Seq">The entry's seq in that feed.</param>
/// <param name="Type">The message type (<c>chat/text</c>, …).</param>
/// <param name="Channel">The channel.</param>
/// <param name="Text">The text.</param>
/// <param name="Timestamp">Milliseconds since the epoch as the author claimed it (may have a fraction, may lie in the future).</param>
public sealed record ChatMessage(FeedKey Feed, long Seq, string Type, string Channel, string Text, double Timestamp)
{
    /// <summary>The author's nick at read time (null if the author never set one); filled by <see cref="Cabal"/> reads.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The message entry <paramref name="feed"/>@<paramref name="seq"/> holds, exactly as the
    /// messages view lists it, or null when the block is not a chat message (lenient: never throws on peer data).
    /// </summary>
    public static ChatMessage? FromBlock(FeedKey feed, long seq, ReadOnlyMemory<byte> block) => CabalEnvelope.ToMessage(feed, seq, block);
}
