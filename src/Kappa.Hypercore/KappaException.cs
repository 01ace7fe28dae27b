namespace Kappa.Hypercore;

/// <summary>
/// Base of every error Kappa.NET raises on purpose. <see cref="Code"/> is a stable,
/// machine-readable identifier (e.g. <c>KAPPA_BLOCK_CORRUPT</c>) that callers can switch on;
/// the message is for people. Each layer derives its own types (feed, protocol, store, view).
/// </summary>
public class KappaException : Exception
{
    /// <summary>Creates an error with a stable code and a human-readable message.</summary>
    public KappaException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>Stable identifier of the kind of failure.</summary>
    public string Code { get; }
}
