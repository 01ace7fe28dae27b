using System.Text;
using System.Text.Json;
using Kappa.Core.Stores;

namespace Kappa.Chat.Views;

public sealed partial class CabalStateView
{
    /// <summary>Every channel name, in ordinal (UTF-8 byte) order.</summary>
    public async Task<IReadOnlyList<string>> ChannelsAsync(CancellationToken ct = default)
    {
        var result = new List<string>();
        await foreach (var (key, _) in Data.ScanAsync(ScanRange.WithPrefix([ChannelTag]), ct).ConfigureAwait(false))
            result.Add(Encoding.UTF8.GetString(key.AsSpan(1)));
        return result;
    }

    /// <summary>The channel's topic (null if none was set).</summary>
    public async Task<string?> TopicAsync(string channel, CancellationToken ct = default) =>
        await Data.GetAsync(Key(TopicTag, channel), ct).ConfigureAwait(false) is { } v ? Field(v, "text") : null;

    /// <summary>The author's current nick (null if the author never set one).</summary>
    public async Task<string?> NickAsync(string feedHex, CancellationToken ct = default) =>
        await Data.GetAsync(Key(UserTag, feedHex.ToLowerInvariant()), ct).ConfigureAwait(false) is { } v ? Field(v, "name") : null;

    /// <summary>Every author with a nick: feed hex → nick.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UsersAsync(CancellationToken ct = default)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (key, value) in Data.ScanAsync(ScanRange.WithPrefix([UserTag]), ct).ConfigureAwait(false))
            if (Field(value, "name") is { } name) result[Encoding.ASCII.GetString(key.AsSpan(1))] = name;
        return result;
    }

    /// <summary>Feeds (hex) whose latest join/leave for <paramref name="channel"/> is a join.</summary>
    public async Task<IReadOnlyList<string>> MembersAsync(string channel, CancellationToken ct = default)
    {
        var result = new List<string>();
        await foreach (var (key, value) in Data.ScanAsync(ScanRange.WithPrefix([MemberTag]), ct).ConfigureAwait(false))
        {
            if (key.Length < 65 || Encoding.UTF8.GetString(key.AsSpan(65)) != channel) continue;
            using var doc = JsonDocument.Parse(value);
            if (doc.RootElement.GetProperty("joined").GetBoolean()) result.Add(Encoding.ASCII.GetString(key.AsSpan(1, 64)));
        }
        return result;
    }

    /// <summary>
    /// The moderation flags that count for a reader whose writer is <paramref name="localFeedHex"/>,
    /// as cabal-core decides (materialized-group-auth): the reader is admin of the cabal; flags set
    /// on <c>@</c> by an admin or mod make admins and mods; hide, mute and block flags count when an
    /// admin or mod set them, on <c>@</c> or on the channel.
    /// </summary>
    public async Task<Moderation> ModerationAsync(string localFeedHex, CancellationToken ct = default)
    {
        var rows = new List<(string Author, string Target, string Channel, string[] Flags)>();
        await foreach (var (key, value) in Data.ScanAsync(ScanRange.WithPrefix([FlagTag]), ct).ConfigureAwait(false))
        {
            using var doc = JsonDocument.Parse(value);
            var flags = doc.RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray();
            rows.Add((Encoding.ASCII.GetString(key.AsSpan(1, 64)), Encoding.ASCII.GetString(key.AsSpan(65, 64)), Encoding.UTF8.GetString(key.AsSpan(129)), flags));
        }
        var trusted = new HashSet<string>(StringComparer.Ordinal) { localFeedHex.ToLowerInvariant() };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var r in rows)
                if (r.Channel == "@" && trusted.Contains(r.Author) && (r.Flags.Contains("admin") || r.Flags.Contains("mod")))
                    grew |= trusted.Add(r.Target);
        }
        var counted = rows.Where(r => trusted.Contains(r.Author)).ToList();
        return new Moderation(trusted, counted.SelectMany(r => r.Flags.Select(f => (r.Target, r.Channel, f))).ToHashSet());
    }

    private static string? Field(byte[] json, string name)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
