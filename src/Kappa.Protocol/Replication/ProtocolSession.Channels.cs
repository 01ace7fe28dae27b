using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

internal sealed partial class ProtocolSession
{
    private string[] _localExtensions = [];
    private bool _optionsSent;

    /// <summary>Channels this side opened, in opening order.</summary>
    public IEnumerable<SessionChannel> Channels => _localByKey.Values;

    /// <summary>Whether we opened a channel for this key on this session.</summary>
    public bool IsOpen(ReadOnlySpan<byte> discoveryKey) => _localByKey.ContainsKey(Convert.ToHexStringLower(discoveryKey));

    /// <summary>
    /// Opens <paramref name="channel"/> (call under the lock). If the remote already opened the key
    /// with a capability that does not verify, the channel is refused with Close{discoveryKey}
    /// instead (hypercore 8 replicate) and false is returned.
    /// </summary>
    public bool Open(SessionChannel channel)
    {
        var hex = Convert.ToHexStringLower(channel.DiscoveryKey);
        if (_localByKey.ContainsKey(hex)) return false;
        var pending = _pendingRemote.GetValueOrDefault(hex);
        var remoteOpenedFirst = _pendingRemote.Remove(hex);
        if (remoteOpenedFirst && (pending.Capability is null || !_connection.VerifyCapability(channel.Key.Span, pending.Capability)))
        {
            Send(++_nextLocalId, MessageType.Close, WireMessages.Close(channel.DiscoveryKey));
            return false;
        }
        _byRemoteId.Clear();
        channel.LocalId = ++_nextLocalId;
        channel.OpenedAt = _time.GetUtcNow();
        _localByKey[hex] = channel;
        Send(channel.LocalId, MessageType.Open, WireMessages.Open(channel.DiscoveryKey, _connection.CreateCapability(channel.Key.Span)));
        if (remoteOpenedFirst) channel.MarkRemoteOpened();
        return true;
    }

    /// <summary>Whether the remote has opened this discovery key and we have not answered yet.</summary>
    public bool RemoteOpenedFirst(ReadOnlySpan<byte> discoveryKey) => _pendingRemote.ContainsKey(Convert.ToHexStringLower(discoveryKey));

    /// <summary>Registers the stream-level extension names (kept sorted: their index is their id).</summary>
    public void RegisterExtensions(IEnumerable<string> names) => _localExtensions = [.. names.Order(StringComparer.Ordinal)];

    /// <summary>Sends a stream extension message, preceded once by Options naming our extensions.</summary>
    public void SendExtension(string name, ReadOnlySpan<byte> payload)
    {
        var id = Array.IndexOf(_localExtensions, name);
        if (id < 0) throw new ArgumentException($"Extension {name} is not registered.", nameof(name));
        if (_outputEnded) return;
        if (!_optionsSent)
        {
            _optionsSent = true;
            _connection.WriteFrame(0, MessageType.Options, WireMessages.Options(_localExtensions));
        }
        _connection.WriteExtension(0, (ulong)id, payload);
        SignalWriter();
    }
}
