using Kappa.Hypercore;

namespace Kappa.Core.Indexing;

/// <summary>
/// A stored view state could not be decoded (truncated, garbage, or not base64 where base64 text
/// was expected). Code <see cref="CorruptCode"/>. The indexer should treat the view as having no
/// usable state – multifeed-index would crash on the same bytes.
/// </summary>
public sealed class IndexStateException : KappaException
{
    /// <summary>Stable code of every <see cref="IndexStateException"/>.</summary>
    public const string CorruptCode = "KAPPA_STATE_CORRUPT";

    /// <summary>Creates the error with a message saying what was wrong with the bytes.</summary>
    public IndexStateException(string message, Exception? innerException = null)
        : base(CorruptCode, message, innerException)
    {
    }
}
