using Kappa.Hypercore;

namespace Kappa.Chat;

/// <summary>A chat operation failed; <see cref="KappaException.Code"/> says why.</summary>
public sealed class ChatException : KappaException
{
    /// <summary>Text that is not a cabal key.</summary>
    public const string BadKey = "KAPPA_CHAT_BAD_KEY";
    /// <summary>A message that cabal-core would not accept (empty channel or text, bad nick).</summary>
    public const string BadMessage = "KAPPA_CHAT_BAD_MESSAGE";
    /// <summary>The store belongs to another cabal than the key given.</summary>
    public const string KeyMismatch = "KAPPA_CHAT_KEY_MISMATCH";

    /// <summary>Creates the error.</summary>
    public ChatException(string code, string message, Exception? inner = null) : base(code, message, inner) { }
}
