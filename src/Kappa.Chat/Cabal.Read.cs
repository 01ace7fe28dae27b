using System.Runtime.CompilerServices;
using Kappa.Chat.Messages;
using Kappa.Hypercore;
using Kappa.Views.List;

namespace Kappa.Chat;

public sealed partial class Cabal
{
    /// <summary>
    /// One page of <paramref name="channel"/>, oldest first: the newest <paramref name="limit"/>
    /// messages strictly before <paramref name="before"/> (or the newest of all), or — with
    /// <paramref name="after"/> or <paramref name="forward"/> — the oldest ones strictly after it
    /// (or the oldest of all). Cursors are exclusive
    /// positions (timestamp, feed, seq), so paging either way never skips or repeats a message.
    /// Messages from authors hidden, muted or blocked by someone we trust are left out; each
    /// carries its author's current nick.
    /// </summary>
    public async Task<IReadOnlyList<(ListPosition Position, ChatMessage Message)>> PageAsync(string channel, int? limit = null, ListPosition? before = null, ListPosition? after = null, bool forward = false, CancellationToken ct = default)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        var moderation = await State.ModerationAsync(LocalKey, ct).ConfigureAwait(false);
        var query = new ListQuery
        {
            Partition = channel,
            Before = before,
            After = after,
            Reverse = after is null && !forward, // newest first when paging back, oldest first when paging forward
            Limit = limit,
            Where = e => moderation.Shows(e.Feed.ToString(), channel),
        };
        var page = new List<(ListPosition, ChatMessage)>();
        foreach (var entry in await Messages.PageAsync(query, ct).ConfigureAwait(false))
            if (CabalEnvelope.ToMessage(entry.Feed, entry.Seq, entry.Data) is { } m)
                page.Add((entry.Position, m with { Name = await State.NickAsync(m.Feed.ToString(), ct).ConfigureAwait(false) }));
        if (query.Reverse) page.Reverse();
        return page;
    }

    /// <summary>
    /// The channel live: the newest <paramref name="history"/> messages (oldest first), then
    /// <c>null</c> once the history is complete, then every message indexed later — including ones
    /// replicated late whose timestamp puts them in the past: insert each at its position. Each
    /// message arrives exactly once (Kappa.Views list tail). Moderation applies as flags stand when
    /// each message is delivered.
    /// </summary>
    public async IAsyncEnumerable<(ListPosition Position, ChatMessage Message)?> TailAsync(string channel, int history = 50, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await ReadyAsync(ct).ConfigureAwait(false);
        var backlog = new List<ListEntry>();
        await foreach (var change in Messages.TailAsync(new ListQuery { Partition = channel, Reverse = true, Limit = history }, ct).ConfigureAwait(false))
        {
            switch (change.Kind)
            {
                case ListChangeKind.History:
                    backlog.Add(change.Entry!);
                    break;
                case ListChangeKind.Synced:
                    var moderation = await State.ModerationAsync(LocalKey, ct).ConfigureAwait(false);
                    for (var i = backlog.Count - 1; i >= 0; i--)
                        if (await ToShownAsync(backlog[i], channel, moderation, ct).ConfigureAwait(false) is { } old) yield return old;
                    backlog.Clear();
                    yield return null;
                    break;
                default:
                    await EarlierBlocksAsync(change.Entry!, ct).ConfigureAwait(false);
                    await StateCaughtUpAsync(ct).ConfigureAwait(false);
                    var now = await State.ModerationAsync(LocalKey, ct).ConfigureAwait(false);
                    if (await ToShownAsync(change.Entry!, channel, now, ct).ConfigureAwait(false) is { } added) yield return added;
                    break;
            }
        }
    }

    /// <summary>
    /// The state view (nicks, moderation) indexes beside the message list, not in step with it: a
    /// live message can be listed before its author's earlier "about" is, and would show a key
    /// instead of the nick. Waiting until the state view has indexed what is stored now covers
    /// everything before the message in its feed.
    /// </summary>
    private Task StateCaughtUpAsync(CancellationToken ct)
    {
        var status = Core.GetViewStatus(StateView);
        return status.State == Kappa.Core.Views.ViewState.Idle && status.IndexedEntries >= status.TotalEntries
            ? Task.CompletedTask
            : Core.ReadyAsync([StateView], ct);
    }

    /// <summary>
    /// Blocks of one feed can be stored out of order (requests run in parallel), and views index
    /// past holes: a live message can be listed before its author's "about" at a lower seq is even
    /// stored, and <see cref="StateCaughtUpAsync"/> alone would then resolve no nick. So wait — a
    /// bounded time, since a peer may leave before sending them — until the blocks below the
    /// message are stored; the state view then indexes them before the nick is read. Woken by
    /// downloads, not by polling; each wake resumes the scan at the first block still missing.
    /// A nick learned later still reaches a client through <see cref="StateChanged"/>.
    /// </summary>
    private async Task EarlierBlocksAsync(ListEntry entry, CancellationToken ct)
    {
        if (entry.Seq == 0 || Core.Feed(entry.Feed) is not { } feed) return;
        var missing = feed.FirstMissing(0, entry.Seq);
        if (missing == entry.Seq) return;
        using var arrived = new SemaphoreSlim(0);
        void OnDownloaded(object? sender, BlockDownloadedEventArgs e)
        {
            if (arrived.CurrentCount == 0) arrived.Release(); // one wake covers any number of blocks
        }
        feed.Downloaded += OnDownloaded;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(EarlierBlocksWait);
            while ((missing = feed.FirstMissing(missing, entry.Seq)) < entry.Seq)
            {
                try { await arrived.WaitAsync(deadline.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return; } // waited long enough: show it as it stands
            }
        }
        finally { feed.Downloaded -= OnDownloaded; }
    }

    private static readonly TimeSpan EarlierBlocksWait = TimeSpan.FromSeconds(3);

    private async Task<(ListPosition, ChatMessage)?> ToShownAsync(ListEntry entry, string channel, Views.Moderation moderation, CancellationToken ct)
    {
        if (CabalEnvelope.ToMessage(entry.Feed, entry.Seq, entry.Data) is not { } m || !moderation.Shows(m.Feed.ToString(), channel)) return null;
        return (entry.Position, m with { Name = await State.NickAsync(m.Feed.ToString(), ct).ConfigureAwait(false) });
    }
}
