using System.Security.Cryptography;
using Kappa.Hypercore;

namespace Kappa.Chat;

/// <summary>
/// A cabal's key: 32 bytes shared as <c>cabal://&lt;64 hex&gt;</c> (extras after <c>?</c> are
/// ignored, as cabal-core's sanitizeKey does). It is the exchange key of the cabal's store and,
/// through its discovery key, the swarm topic. Anyone holding it can read and write.
/// </summary>
public sealed record CabalKey
{
    private readonly byte[] _bytes;

    private CabalKey(byte[] bytes) => _bytes = bytes;

    /// <summary>The 32 key bytes (a copy).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>64 lowercase hex characters.</summary>
    public string Hex => Convert.ToHexStringLower(_bytes);

    /// <summary>A new random key, as cabal-core makes one for a new cabal (a fresh Ed25519 public key there; any 32 random bytes serve).</summary>
    public static CabalKey Random() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Parses <c>cabal://HEX</c>, <c>cabal://HEX?…</c> or bare 64-character hex.</summary>
    /// <exception cref="ChatException">Not a cabal key (<see cref="ChatException.BadKey"/>).</exception>
    public static CabalKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new ChatException(ChatException.BadKey, $"\"{text}\" is not a cabal key (cabal://<64 hex characters>)");

    /// <summary>Parses like <see cref="Parse"/>; false instead of an error.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CabalKey? key)
    {
        key = null;
        if (text is null) return false;
        var s = text.Trim();
        if (s.StartsWith("cabal://", StringComparison.OrdinalIgnoreCase)) s = s[8..];
        var q = s.IndexOfAny(['?', '/']);
        if (q >= 0) s = s[..q];
        if (s.Length != 64 || !s.All(Uri.IsHexDigit)) return false;
        key = new CabalKey(Convert.FromHexString(s));
        return true;
    }

    /// <summary><c>cabal://HEX</c>.</summary>
    public override string ToString() => "cabal://" + Hex;

    /// <inheritdoc />
    public bool Equals(CabalKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
}
