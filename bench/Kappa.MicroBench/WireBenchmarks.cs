using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.MicroBench;

/// <summary>Framing and protobuf of the replication hot path: one Data message (1 KiB value, a 10-node proof, a signature).</summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private Data _data = null!;
    private ReadOnlySequence<byte> _body;
    private ReadOnlySequence<byte> _frames;
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var value = new byte[1024];
        random.NextBytes(value);
        var hash = new byte[32];
        var nodes = Enumerable.Range(0, 10).Select(i => { random.NextBytes(hash); return WireMessages.Node((ulong)i * 2, hash, 1024); }).ToList();
        var signature = new byte[64];
        random.NextBytes(signature);
        _data = WireMessages.Data(12345, value, nodes, signature);
        _body = new ReadOnlySequence<byte>(_data.ToByteArray());
        var frames = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 16; i++) FrameWriter.Write(frames, 3, MessageType.Data, _data);
        _frames = new ReadOnlySequence<byte>(frames.WrittenMemory);
    }

    [Benchmark]
    public int EncodeDataFrame()
    {
        _output.ResetWrittenCount();
        FrameWriter.Write(_output, 3, MessageType.Data, _data);
        return _output.WrittenCount;
    }

    [Benchmark]
    public ulong DecodeData() => MessageCodec.Decode<Data>(_body).Index;

    [Benchmark(OperationsPerInvoke = 16)]
    public int ReadFrames()
    {
        var buffer = _frames;
        var n = 0;
        while (FrameReader.TryRead(ref buffer, out _)) n++;
        return n;
    }
}
