using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Kappa.Hypercore.Crypto;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Transport;
using Kappa.Protocol.Wire;

namespace Kappa.Multifeed.Tests.Hostile;

/// <summary>
/// A test peer that speaks the real handshake and framing but sends whatever a test scripts:
/// the multifeed exchange up to the point of misbehaving. Messages it receives are decoded into
/// (channel, type, message) tuples.
/// </summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    private static readonly byte[] RootKey = Convert.FromHexString(Kappa.Multifeed.Replication.ReplicationOptions.DefaultEncryptionKey);
    private readonly Dictionary<ulong, byte[]> _remoteChannels = [];
    private ulong _nextChannel;

    private ScriptedPeer(SecureConnection connection) => Connection = connection;

    public SecureConnection Connection { get; }

    /// <summary>Every message read so far, in order (extensions as their "id:payload" text).</summary>
    public List<(ulong Channel, MessageType Type, object Message)> Received { get; } = [];

    public static async Task<ScriptedPeer> ConnectAsync(Socket socket, bool isInitiator, TimeSpan? idle = null) =>
        new(await SecureConnection.EstablishAsync(StreamTransport.Create(socket), isInitiator, new SecureConnectionOptions { IdleTimeout = idle ?? TimeSpan.FromSeconds(30) }));

    /// <summary>Opens a channel for <paramref name="key"/> with a valid capability; returns our channel id.</summary>
    public ulong Open(ReadOnlySpan<byte> key)
    {
        var id = ++_nextChannel;
        Connection.WriteFrame(id, MessageType.Open, WireMessages.Open(Discovery.DiscoveryKey(key), Connection.CreateCapability(key)));
        return id;
    }

    public ulong OpenRoot() => Open(RootKey);

    public void Send(ulong channel, MessageType type, IMessage message) => Connection.WriteFrame(channel, type, message);

    /// <summary>Announces the four multifeed extensions and sends one of them (ids: 0 handshake, 1 manifest, 2 replicate, 3 request).</summary>
    public void SendExtension(int id, string json)
    {
        if (!_optionsSent)
        {
            _optionsSent = true;
            Connection.WriteFrame(0, MessageType.Options, WireMessages.Options(["MULTIFEED_HANDSHAKE", "MULTIFEED_MANIFEST", "MULTIFEED_REPLICATE_FEEDS", "MULTIFEED_REQUEST_FEEDS"]));
        }
        Connection.WriteExtension(0, (ulong)id, Encoding.UTF8.GetBytes(json));
    }

    private bool _optionsSent;

    public ValueTask FlushAsync() => Connection.FlushAsync();

    /// <summary>Reads frames until one matches; returns it decoded (null body for extensions: the payload text is returned instead).</summary>
    public async Task<(ulong Channel, MessageType Type, object Message, byte[]? DiscoveryKey)> ReadUntilAsync(Func<ulong, MessageType, object, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var frame = await Connection.ReadFrameAsync(cts.Token) ?? throw new InvalidOperationException("the peer ended the stream");
            object message = frame.Type == MessageType.Extension
                ? ExtensionText(frame)
                : MessageCodec.Decode(frame.Type, frame.Body);
            if (message is Open open) _remoteChannels[frame.Channel] = open.DiscoveryKey.ToByteArray();
            _remoteChannels.TryGetValue(frame.Channel, out var dk);
            Received.Add((frame.Channel, frame.Type, message));
            if (match(frame.Channel, frame.Type, message)) return (frame.Channel, frame.Type, message, dk);
        }
    }

    private static string ExtensionText(Frame frame)
    {
        var ext = ExtensionMessage.Parse(frame.Body);
        return ext.Id + ":" + Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(ext.Payload));
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
