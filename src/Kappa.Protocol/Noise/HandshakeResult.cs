namespace Kappa.Protocol.Noise;

/// <summary>
/// What a completed Noise XX handshake yields (simple-hypercore-protocol 1.5.0's
/// <c>onhandshake</c>): the split keys in this side's orientation, the handshake hash, the
/// remote static key (never authenticated by kappa/multifeed) and the remote's last payload.
/// </summary>
/// <param name="IsInitiator">Whether this side sent the first handshake message.</param>
/// <param name="TransmitKey">Split key for what we send (XSalsa20 key; capability message part).</param>
/// <param name="ReceiveKey">Split key for what we receive (XSalsa20 key; capability hash key).</param>
/// <param name="HandshakeHash">Final Noise <c>h</c> (64 bytes).</param>
/// <param name="RemoteStaticKey">The remote's static X25519 public key.</param>
/// <param name="RemotePayload">The payload of the last handshake message we received.</param>
internal sealed record HandshakeResult(
    bool IsInitiator,
    byte[] TransmitKey,
    byte[] ReceiveKey,
    byte[] HandshakeHash,
    byte[] RemoteStaticKey,
    byte[] RemotePayload);
