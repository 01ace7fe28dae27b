using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore.Tests.Feeds;

/// <summary>
/// Without fsync durability an append returns before its length is signed (Feed.Signing.cs).
/// These pin what that must not change: the files, proofs for peers, and a restart with
/// signatures still queued.
/// </summary>
public class TrailingSignatureTests
{
    private const int Seed = 16_0029;

    [Fact]
    public async Task Awaited_appends_write_the_same_signatures_file_as_signing_each_append_before_it_returns()
    {
        var keys = KeyPair.Generate();
        var blocks = Blocks(Seed, 600);

        var trailing = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(trailing, new FeedOptions { KeyPair = keys }))
            foreach (var b in blocks) await feed.AppendRawAsync(b);

        var signedAtOnce = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(signedAtOnce, new FeedOptions { KeyPair = keys, Durability = FeedDurability.Fsync }))
            foreach (var b in blocks) await feed.AppendRawAsync(b);

        Assert.True(Bytes(trailing, "signatures").SequenceEqual(Bytes(signedAtOnce, "signatures")), $"seed {Seed}: the signatures files differ");
        Assert.Equal(32 + 64 * blocks.Count, Bytes(trailing, "signatures").Length);
    }

    [Fact]
    public async Task A_proof_for_a_peer_right_after_an_append_carries_the_signature_of_the_new_length()
    {
        var feed = await Feed.OpenAsync(new RamStorageProvider());
        await using var _ = feed;
        for (var n = 1; n <= 50; n++)
        {
            await feed.AppendRawAsync(new byte[] { (byte)n });
            // A peer with nothing asks for the newest block: the proof reaches the roots, so it must be signed.
            Assert.True(feed.TryBuildProof((ulong)n - 1, 0, new SparseBitSet(), out var proof), $"length {n}: no proof");
            Assert.NotNull(proof!.Signature);
            var hash = MerkleHash.TreeHash([.. feed.Roots]);
            Assert.True(Sodium.VerifyDetached(proof.Signature, hash, feed.Key.Span), $"length {n}: the signature does not verify");
        }
    }

    [Fact]
    public async Task A_writer_stopped_with_signatures_queued_reopens_signed_with_nothing_reported_as_damage()
    {
        var keys = KeyPair.Generate();
        var blocks = Blocks(Seed + 1, 300);
        var ram = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(ram, new FeedOptions { KeyPair = keys }))
        {
            foreach (var b in blocks.Take(200)) await feed.AppendRawAsync(b);
            await feed.AppendRawBatchAsync(blocks.Skip(200).Take(60).ToList());
            foreach (var b in blocks.Skip(260)) await feed.AppendRawAsync(b);
        }
        var complete = Bytes(ram, "signatures");
        // What a process killed with signatures queued leaves: the last lengths' slots never written.
        ram.Open("signatures").Truncate(32 + 64 * 190);

        await using (var reopened = await Feed.OpenAsync(ram, new FeedOptions { KeyPair = keys }))
        {
            Assert.Null(reopened.Recovery);
            Assert.Equal(blocks.Count, reopened.Length);
            Assert.True((await reopened.VerifyAsync()).IsValid);
            await reopened.AppendRawAsync(new byte[] { 1, 2, 3 });
        }
        // The current length's slot is the same signature as before; the lost ones stay blank, as within a batch.
        var after = Bytes(ram, "signatures");
        var last = 32 + 64 * (blocks.Count - 1);
        Assert.True(after.AsSpan(last, 64).SequenceEqual(complete.AsSpan(last, 64)));
        Assert.True(after.AsSpan(32 + 64 * 195, 64).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task An_unsigned_tail_whose_data_does_not_match_its_tree_is_recovered_to_the_last_good_length()
    {
        var keys = KeyPair.Generate();
        var blocks = Blocks(Seed + 2, 100);
        var ram = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(ram, new FeedOptions { KeyPair = keys }))
            foreach (var b in blocks) await feed.AppendRawAsync(b);
        ram.Open("signatures").Truncate(32 + 64 * 90);
        // Block 95's bytes are changed: the tail cannot be signed as it stands.
        var offset = blocks.Take(95).Sum(b => (long)b.Length);
        var data = ram.Open("data");
        var bytes = new byte[2];
        data.Read(offset, bytes);
        data.Write(offset, new[] { (byte)~bytes[0], (byte)~bytes[1] });

        await using var reopened = await Feed.OpenAsync(ram, new FeedOptions { KeyPair = keys });
        Assert.NotNull(reopened.Recovery);
        Assert.Equal(95, reopened.Length);
        Assert.True(reopened.Recovery!.Resigned);
        Assert.True((await reopened.VerifyAsync()).IsValid);
    }

    private static List<ReadOnlyMemory<byte>> Blocks(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => { var b = new byte[random.Next(2, 60)]; random.NextBytes(b); return (ReadOnlyMemory<byte>)b; }).ToList();
    }

    private static byte[] Bytes(RamStorageProvider storage, string name)
    {
        var file = storage.Open(name);
        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        return bytes;
    }
}
