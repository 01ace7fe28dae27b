namespace Kappa.Chat.Views;

/// <summary>Moderation as one reader sees it (flags are subjective in cabal: each reader applies the ones set by people it trusts).</summary>
public sealed class Moderation
{
    private readonly HashSet<(string Target, string Channel, string Flag)> _flags;

    internal Moderation(IReadOnlySet<string> moderators, HashSet<(string, string, string)> flags)
    {
        Moderators = moderators;
        _flags = flags;
    }

    /// <summary>Feeds (hex) whose flags count: the reader, and the admins and mods they made (transitively).</summary>
    public IReadOnlySet<string> Moderators { get; }

    /// <summary>Whether <paramref name="flag"/> is set on <paramref name="feedHex"/> for the whole cabal or for <paramref name="channel"/>.</summary>
    public bool Has(string feedHex, string flag, string? channel = null) =>
        _flags.Contains((feedHex, "@", flag)) || (channel is not null && _flags.Contains((feedHex, channel, flag)));

    /// <summary>
    /// Whether a reader sees <paramref name="feedHex"/>'s messages in <paramref name="channel"/>:
    /// not when the author is hidden, muted or blocked there (cabal-client drops such messages from
    /// its channel views; the entries stay in the logs and reappear when the flag is removed).
    /// </summary>
    public bool Shows(string feedHex, string channel) =>
        !Has(feedHex, "hide", channel) && !Has(feedHex, "mute", channel) && !Has(feedHex, "block", channel);
}
