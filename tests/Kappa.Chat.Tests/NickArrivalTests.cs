using Kappa.Chat.Messages;
using Kappa.TestSupport;
using Kappa.Views.List;

namespace Kappa.Chat.Tests;

/// <summary>
/// An author's nick ("about", a lower seq) can be stored after their message: blocks of a feed
/// arrive in any order and views index past holes. A live tail holds the message until the blocks
/// below it are stored, and a nick learned later is announced by <see cref="Cabal.StateChanged"/>.
/// </summary>
public sealed class NickArrivalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_live_message_stored_before_its_authors_about_is_shown_with_the_nick()
    {
        using var dir = new TempDirectory("chat-nick-order");
        var key = CabalKey.Random();
        await using var alice = await Cabal.OpenAsync(dir.Combine("alice"), key);
        await using var bob = await Cabal.OpenAsync(dir.Combine("bob"), key);
        await alice.SetNickAsync("alice"); // seq 0
        await alice.SendAsync("hello"); // seq 1

        // Sparse: bob stores only the blocks a reader asks for, so the test decides the order.
        var (client, server) = await Loopback.ConnectedPairAsync();
        using (client)
        using (server)
        {
            var started = await Task.WhenAll(
                alice.Core.StartReplicationAsync(client, true, alice.ReplicationOptions() with { Sparse = true }),
                bob.Core.StartReplicationAsync(server, false, bob.ReplicationOptions() with { Sparse = true }));
            await using var left = started[0];
            await using var right = started[1];
            using var cts = new CancellationTokenSource(Timeout);
            var copy = await FeedArrival.WaitAsync(bob.Core.Store, alice.LocalKey, cts.Token);

            var tail = bob.TailAsync("default", 10, cts.Token).GetAsyncEnumerator(cts.Token);
            Assert.True(await tail.MoveNextAsync());
            Assert.Null(tail.Current); // no history yet
            var next = tail.MoveNextAsync().AsTask();

            await copy.GetRawAsync(1, wait: true, ct: cts.Token); // the message first
            while ((await bob.Messages.PageAsync(new ListQuery { Partition = "default" }, cts.Token)).Count == 0)
                await Task.Delay(10, cts.Token);
            await Task.Delay(300, cts.Token); // long enough for a tail that did not wait to have shown it
            Assert.False(next.IsCompleted, "the tail showed the message before its author's earlier blocks were stored");

            await copy.GetRawAsync(0, wait: true, ct: cts.Token); // then the about
            Assert.True(await next);
            Assert.Equal("hello", tail.Current!.Value.Message.Text);
            Assert.Equal("alice", tail.Current!.Value.Message.Name);
            await cts.CancelAsync();
            try { await tail.DisposeAsync(); } catch (OperationCanceledException) { }
        }
    }

    [Fact]
    public async Task A_nick_set_after_the_messages_raises_StateChanged_and_reads_back()
    {
        using var dir = new TempDirectory("chat-nick-later");
        var key = CabalKey.Random();
        await using var alice = await Cabal.OpenAsync(dir.Combine("alice"), key);
        await using var bob = await Cabal.OpenAsync(dir.Combine("bob"), key);
        await alice.SendAsync("hello");
        await MessagesViewTests.ReplicateAsync(alice, bob);
        await bob.ReadyAsync();
        Assert.Null((await bob.PageAsync("default")).Single().Message.Name);

        // Completes only on an event raised once the nick is in the state view: an event from
        // another view, or one raised before the state view indexed the "about", does not count.
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.StateChanged += (_, _) => _ = Task.Run(async () =>
        {
            if (await bob.State.NickAsync(alice.LocalKey) == "alice") changed.TrySetResult();
        });
        await alice.SetNickAsync("alice");
        await MessagesViewTests.ReplicateAsync(alice, bob);
        await changed.Task.WaitAsync(Timeout);
        Assert.Equal("alice", await bob.State.NickAsync(alice.LocalKey));
        Assert.Equal("alice", (await bob.PageAsync("default")).Single().Message.Name);
    }
}
