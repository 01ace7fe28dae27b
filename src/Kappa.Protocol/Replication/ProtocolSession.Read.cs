using System.Buffers;
using Kappa.Protocol.Messages;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Replication;

internal sealed partial class ProtocolSession
{
    private string[] _remoteExtensions = [];

    /// <summary>Remote channel id → our channel, so a frame costs no key lookup by hex string; forgotten on any Open or Close.</summary>
    private readonly Dictionary<ulong, SessionChannel> _byRemoteId = [];

    private async Task ReadLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (true)
            {
                var next = _connection.ReadFrameAsync(ct);
                if (!next.IsCompleted)
                {
                    // Nothing more buffered: make this burst's downloads durable and send its replies in one flush.
                    CommitDeferredDownloads();
                    SignalWriter();
                }
                var frame = await next.ConfigureAwait(false);
                if (frame is null)
                {
                    lock (_gate)
                    {
                        _inputEnded = true;
                        _handler.OnRemoteEnded();
                        EndOutput(); // hypercore-protocol: when input ends, end output too
                    }
                    MaybeDone();
                    return;
                }
                t_dispatching = true;
                try { lock (_gate) Dispatch(frame.Value); }
                finally { t_dispatching = false; }
                // Back-pressure: a peer that asks faster than it reads cannot grow our send buffer without bound.
                if (_connection.PendingBytes > MaxPendingBytes) await _connection.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e) { Fail(e); }
    }

    private void Dispatch(in Frame frame)
    {
        if (frame.Channel == 0)
        {
            DispatchStreamLevel(frame);
            return;
        }
        switch (frame.Type)
        {
            case MessageType.Open:
                OnOpen(frame.Channel, MessageCodec.Decode<Open>(frame.Body));
                return;
            case MessageType.Close:
                OnClose(frame.Channel, MessageCodec.Decode<Close>(frame.Body));
                return;
        }
        // Messages on a channel we do not know, or have not opened ourselves, are ignored.
        if (!_byRemoteId.TryGetValue(frame.Channel, out var channel))
        {
            if (!_remoteChannels.TryGetValue(frame.Channel, out var dk)) return;
            if (!_localByKey.TryGetValue(Convert.ToHexStringLower(dk), out channel)) return;
            _byRemoteId[frame.Channel] = channel;
        }
        if (channel.LocallyClosed) return;
        channel.Handle(frame.Type, frame.Body);
    }

    private void DispatchStreamLevel(in Frame frame)
    {
        if (frame.Type == MessageType.Options)
        {
            _remoteExtensions = [.. MessageCodec.Decode<Options>(frame.Body).Extensions];
            return;
        }
        if (frame.Type != MessageType.Extension) return;
        var message = ExtensionMessage.Parse(frame.Body);
        // An extension that arrives before the remote's Options (or with an unknown id) is dropped, as JS does.
        if (message.Id >= (ulong)_remoteExtensions.Length) return;
        _handler.OnExtension(_remoteExtensions[message.Id], message.Payload);
    }

    private void OnOpen(ulong remoteId, Open open)
    {
        _byRemoteId.Clear();
        var dk = open.DiscoveryKey.ToByteArray();
        if (dk.Length != 32) throw new ProtocolException(ProtocolException.Decode, "Open carries a discovery key that is not 32 bytes.");
        var capability = open.HasCapability ? open.Capability.ToByteArray() : null;
        _remoteChannels[remoteId] = dk;
        var hex = Convert.ToHexStringLower(dk);
        if (_localByKey.TryGetValue(hex, out var channel))
        {
            if (capability is null || !_connection.VerifyCapability(channel.Key.Span, capability))
                throw new ProtocolException(ProtocolException.Capability, "Invalid remote channel capability");
            channel.MarkRemoteOpened();
            return;
        }
        _pendingRemote[hex] = (remoteId, capability);
        _handler.OnRemoteOpen(dk);
    }

    private void OnClose(ulong remoteId, Close close)
    {
        _byRemoteId.Clear();
        byte[]? dk;
        if (!_remoteChannels.TryGetValue(remoteId, out dk))
        {
            // Close{discoveryKey} on a fresh id: the remote refuses a channel we opened. Otherwise ignore (JS may close twice).
            if (!close.HasDiscoveryKey) return;
            dk = close.DiscoveryKey.ToByteArray();
        }
        var hex = Convert.ToHexStringLower(dk);
        _pendingRemote.Remove(hex);
        if (!_localByKey.TryGetValue(hex, out var channel) || channel.RemotelyClosed) return;
        channel.MarkRemoteClosed();
        _handler.OnChannelClosed(channel);
    }
}
