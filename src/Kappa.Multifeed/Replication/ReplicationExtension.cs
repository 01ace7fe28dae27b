namespace Kappa.Multifeed.Replication;

/// <summary>
/// An application's own hypercore-protocol stream extension, carried beside multifeed's four
/// (e.g. Cabal's <c>peer-id</c>). Its name goes into the Options message with multifeed's names,
/// all sorted by ordinal order, and a message's id is the name's index in that list
/// (hypercore-protocol 7.10 / abstract-extension 3.1: <c>messages.sort</c> by name, id = index).
/// Names sort ASCII upper case first, so a lower-case name such as <c>peer-id</c> comes after
/// <c>MULTIFEED_*</c> and their ids 0–3 stay what a JS multifeed peer without extensions uses.
/// </summary>
/// <param name="Name">The extension's name, unique in a session and not one of multifeed's <c>MULTIFEED_*</c> names.</param>
public sealed record ReplicationExtension(string Name)
{
    /// <summary>
    /// Sent once as soon as the stream is open (before multifeed's handshake, as cabal-core sends
    /// its <c>peer-id</c>); null sends nothing.
    /// </summary>
    public ReadOnlyMemory<byte>? OpenPayload { get; init; }

    /// <summary>
    /// Called with each message the peer sends under this name (a copy of the payload, which is
    /// untrusted input: parse it defensively). Called on the session's reader under its lock: do
    /// not block, and do not wait for the session from here. An exception thrown here fails the
    /// session with that exception. Options are shared by every session they start: capture
    /// per-session state by giving each session its own options (<c>options with { Extensions = … }</c>).
    /// </summary>
    public Action<ReadOnlyMemory<byte>>? Received { get; init; }
}
