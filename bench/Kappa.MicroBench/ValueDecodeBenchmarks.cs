using System.Text;
using BenchmarkDotNet.Attributes;
using Kappa.Core;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.MicroBench;

/// <summary>JSON value decoding as the indexer sees it: a numeric entry (the sum view's fast path) and a small object.</summary>
[MemoryDiagnoser]
public class ValueDecodeBenchmarks
{
    private static readonly FeedKey Key = new(new byte[32]);
    private readonly byte[] _number = Encoding.UTF8.GetBytes("123456\n");
    private readonly byte[] _object = Encoding.UTF8.GetBytes("{\"type\":\"chat\",\"text\":\"hello world\",\"n\":42}\n");

    [Benchmark]
    public double NumberFastPath()
    {
        var entry = new KappaEntry(Key, 1, _number, ValueEncoding.Json);
        return entry.TryGetNumber(out var n) ? n : -1;
    }

    [Benchmark]
    public int NumberAsInt() => ValueEncoding.Json.Decode<int>(_number);

    [Benchmark]
    public Message ObjectAsRecord() => ValueEncoding.Json.Decode<Message>(_object);

    public sealed record Message(string Type, string Text, int N);
}
