using BenchmarkDotNet.Attributes;
using Kappa.Protocol.Transport;

namespace Kappa.MicroBench;

/// <summary>The XSalsa20 stream cipher that wraps every byte on the wire after the handshake (64 KiB per operation, in place).</summary>
[MemoryDiagnoser]
public class CipherBenchmarks
{
    private XSalsa20Stream _stream = null!;
    private byte[] _buffer = [];

    [Params(100, 65536)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _stream = new XSalsa20Stream(new byte[32], new byte[24]);
        _buffer = new byte[Bytes];
    }

    [GlobalCleanup]
    public void Cleanup() => _stream.Dispose();

    [Benchmark]
    public void Xor() => _stream.Xor(_buffer);
}
