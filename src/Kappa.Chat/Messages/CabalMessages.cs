using System.Buffers;
using Kappa.Hypercore.Json;

namespace Kappa.Chat.Messages;

/// <summary>
/// The entries cabal-core 13.2.0 writes (cabal.md, index.js <c>publish</c>,
/// <c>publishNick</c>, <c>publishChannelTopic</c>), byte for byte: <c>JSON.stringify</c> of
/// <c>{type, content, timestamp}</c> with the keys in that order, no trailing newline.
/// </summary>
public static class CabalMessages
{
    /// <summary>The channel a cabal starts with.</summary>
    public const string DefaultChannel = "default";

    /// <summary><c>chat/text</c>: <c>{"type":"chat/text","content":{"channel":C,"text":T},"timestamp":TS}</c>.</summary>
    public static byte[] Text(string channel, string text, double timestamp) => Chat("chat/text", channel, text, timestamp);

    /// <summary><c>chat/emote</c> (<c>/me</c>).</summary>
    public static byte[] Emote(string channel, string text, double timestamp) => Chat("chat/emote", channel, text, timestamp);

    /// <summary><c>chat/topic</c>: sets the channel's topic.</summary>
    public static byte[] Topic(string channel, string text, double timestamp) => Chat("chat/topic", channel, text, timestamp);

    /// <summary><c>about</c>: <c>{"type":"about","content":{"name":N},"timestamp":TS}</c>.</summary>
    public static byte[] About(string name, double timestamp)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ChatException(ChatException.BadMessage, "a nick cannot be empty");
        return Write("about", timestamp, ("name", name));
    }

    /// <summary><c>channel/join</c>.</summary>
    public static byte[] Join(string channel, double timestamp) => Write("channel/join", timestamp, ("channel", CheckChannel(channel)));

    /// <summary><c>channel/leave</c>.</summary>
    public static byte[] Leave(string channel, double timestamp) => Write("channel/leave", timestamp, ("channel", CheckChannel(channel)));

    private static byte[] Chat(string type, string channel, string text, double timestamp)
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckChannel(channel);
        return Write(type, timestamp, ("channel", channel), ("text", text));
    }

    private static string CheckChannel(string channel) => string.IsNullOrEmpty(channel)
        ? throw new ChatException(ChatException.BadMessage, "a channel name cannot be empty")
        : channel;

    private static byte[] Write(string type, double timestamp, params (string Name, string Value)[] content)
    {
        if (!double.IsFinite(timestamp)) throw new ChatException(ChatException.BadMessage, "a timestamp must be a finite number");
        // Written by hand with JsJson so strings and numbers come out exactly as JSON.stringify writes them.
        var o = new ArrayBufferWriter<byte>(128);
        o.Write("{\"type\":"u8);
        JsJson.WriteString(type, o);
        o.Write(",\"content\":{"u8);
        for (var i = 0; i < content.Length; i++)
        {
            if (i > 0) o.Write(","u8);
            JsJson.WriteString(content[i].Name, o);
            o.Write(":"u8);
            JsJson.WriteString(content[i].Value, o);
        }
        o.Write("},\"timestamp\":"u8);
        JsJson.WriteNumber(timestamp, o);
        o.Write("}"u8);
        return o.WrittenSpan.ToArray();
    }
}
