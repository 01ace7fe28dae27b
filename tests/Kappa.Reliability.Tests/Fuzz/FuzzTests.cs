using System.Diagnostics;
using Kappa.Fuzz;
using Kappa.Hypercore;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Fuzz;

/// <summary>
/// The fuzz corpus (tests/Kappa.Fuzz/corpus, grown by AFL++ with scripts/fuzz-long.sh) replayed,
/// plus a seeded mutation run per target: no input may throw anything but a typed error, take
/// long, or allocate without bound.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "corpus");
    private static int Mutations => int.TryParse(Environment.GetEnvironmentVariable("KAPPA_FUZZ_MUTATIONS"), out var n) ? n : 3000;

    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.All.Keys)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CorpusRoot, target)).Order(StringComparer.Ordinal))
                data.Add(target, Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_input_gives_a_result_or_a_typed_error(string target, string file) =>
        RunOne(target, File.ReadAllBytes(Path.Combine(CorpusRoot, target, file)));

    [Theory]
    [InlineData("frames")]
    [InlineData("messages")]
    [InlineData("noise")]
    [InlineData("bitfield")]
    [InlineData("multifeed")]
    [InlineData("state")]
    [InlineData("dht")]
    [InlineData("cabal")]
    [InlineData("mdns")]
    [InlineData("http-body")]
    [InlineData("keys")]
    [InlineData("view-maps")]
    [InlineData("peer-id")]
    public void Seeded_mutations_give_results_or_typed_errors(string target)
    {
        var seed = target.Aggregate(17, (h, c) => h * 31 + c);
        var random = new Random(seed);
        var seeds = Directory.EnumerateFiles(Path.Combine(CorpusRoot, target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var typed = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], seeds[random.Next(seeds.Count)], random);
            if (RunOne(target, input)) typed++;
        }
        output.WriteLine($"{target}: seed {seed}, {Mutations} mutated inputs, {typed} rejected with a typed error, none escaped untyped");
    }

    /// <summary>Runs one input; true when it was rejected with a typed error.</summary>
    private static bool RunOne(string target, byte[] input)
    {
        var clock = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var rejected = false;
        try { FuzzTargets.All[target](input); }
        catch (KappaException) { rejected = true; }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{target}: untyped {e.GetType().Name} on input {Convert.ToHexStringLower(input.AsSpan(0, Math.Min(input.Length, 256)))}: {e}");
        }
        var spent = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{target}: {clock.Elapsed} on input {Convert.ToHexStringLower(input)}");
        Assert.True(spent < (4 << 20) + 64L * input.Length, $"{target}: allocated {spent} bytes for {input.Length} input bytes");
        return rejected;
    }

    private static byte[] Mutate(byte[] a, byte[] b, Random random)
    {
        var data = new List<byte>(a);
        for (var k = random.Next(1, 6); k > 0; k--)
        {
            switch (random.Next(7))
            {
                case 0 when data.Count > 0: data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8)); break;
                case 1 when data.Count > 0: data[random.Next(data.Count)] = (byte)random.Next(256); break;
                case 2: data.Insert(random.Next(data.Count + 1), (byte)random.Next(256)); break;
                case 3 when data.Count > 0: data.RemoveAt(random.Next(data.Count)); break;
                case 4 when b.Length > 0: // splice a piece of another input
                    var at = random.Next(b.Length);
                    data.InsertRange(random.Next(data.Count + 1), b.Skip(at).Take(random.Next(1, 64)));
                    break;
                case 5 when data.Count > 0: data.RemoveRange(0, random.Next(data.Count)); break; // truncate the front
                default: data.InsertRange(random.Next(data.Count + 1), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); break; // huge varints and lengths
            }
        }
        return [.. data];
    }
}
