using System.Globalization;
using Kappa.Chat.Messages;

namespace Kappa.Server.Api;

/// <summary>One message of a channel (also the data of a <c>chat</c> event).</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Key">The author's feed key in hex.</param>
/// <param name="Seq">The entry's seq in that feed.</param>
/// <param name="Type"><c>chat/text</c>, <c>chat/emote</c> or <c>chat/topic</c>.</param>
/// <param name="Text">The text.</param>
/// <param name="Timestamp">Milliseconds since the epoch as the author claimed it; the channel is ordered by it.</param>
/// <param name="Name">The author's nick when read (null if the author never set one).</param>
/// <param name="Cursor"><c>FEEDHEX@SEQ</c>: pass as <c>before</c> or <c>after</c> to page from this message.</param>
public sealed record ChatMessageInfo(string Channel, string Key, long Seq, string Type, string Text, double Timestamp, string? Name, string Cursor)
{
    internal static ChatMessageInfo From(ChatMessage m)
    {
        var key = m.Feed.ToString();
        return new ChatMessageInfo(m.Channel, key, m.Seq, m.Type, m.Text, m.Timestamp, m.Name, string.Create(CultureInfo.InvariantCulture, $"{key}@{m.Seq}"));
    }
}
