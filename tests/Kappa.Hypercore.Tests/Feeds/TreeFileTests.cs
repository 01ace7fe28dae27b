using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;

namespace Kappa.Hypercore.Tests.Feeds;

public class TreeFileTests
{
    [Fact]
    public async Task One_by_one_appends_and_batches_of_any_size_write_the_same_tree_file()
    {
        const int seed = 16_0004;
        var random = new Random(seed);
        var keys = KeyPair.Generate();
        var blocks = Enumerable.Range(0, 300).Select(i => { var b = new byte[random.Next(0, 50)]; random.NextBytes(b); return (ReadOnlyMemory<byte>)b; }).ToList();

        var single = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(single, new FeedOptions { KeyPair = keys }))
            foreach (var b in blocks) await feed.AppendRawAsync(b);

        var batched = new RamStorageProvider();
        await using (var feed = await Feed.OpenAsync(batched, new FeedOptions { KeyPair = keys }))
            for (var i = 0; i < blocks.Count;)
            {
                var n = Math.Min(blocks.Count - i, random.Next(1, 40));
                await feed.AppendRawBatchAsync(blocks.GetRange(i, n));
                i += n;
            }

        Assert.True(Bytes(single, "tree").SequenceEqual(Bytes(batched, "tree")), $"seed {seed}: the tree files differ");
        await using var reopened = await Feed.OpenAsync(single, new FeedOptions { KeyPair = keys });
        var check = await reopened.VerifyAsync();
        Assert.True(check.Problems.Count == 0, $"seed {seed}: {string.Join("; ", check.Problems.Select(p => p.Message))}");
    }

    private static byte[] Bytes(RamStorageProvider storage, string name)
    {
        var file = storage.Open(name);
        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        return bytes;
    }
}
