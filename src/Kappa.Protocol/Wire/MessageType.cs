namespace Kappa.Protocol.Wire;

/// <summary>
/// The 4-bit message type of a frame header (hypercore-protocol 7 / simple-hypercore-protocol
/// 1.5.0). Types 11–14 are unassigned: receivers skip them.
/// </summary>
internal enum MessageType : byte
{
    Open = 0,
    Options = 1,
    Status = 2,
    Have = 3,
    Unhave = 4,
    Want = 5,
    Unwant = 6,
    Request = 7,
    Cancel = 8,
    Data = 9,
    Close = 10,
    Extension = 15,
}
