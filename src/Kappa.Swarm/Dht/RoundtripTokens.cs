using System.Net;
using System.Security.Cryptography;

namespace Kappa.Swarm.Dht;

/// <summary>
/// Round-trip tokens: a node hands each asker a token bound to the asker's IP address and
/// accepts an UPDATE only with a token it issued recently — so a forged source address cannot
/// store announcements. dht-rpc 4 hashes (secret, host) with BLAKE2b and rotates the secret every
/// 5 minutes, accepting the current and the previous one; only the issuer checks its tokens, so
/// the hash is ours to choose: HMAC-SHA256(secret, IPv4 bytes). Thread-safe.
/// </summary>
internal sealed class RoundtripTokens
{
    public static readonly TimeSpan RotateEvery = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private byte[] _current = RandomNumberGenerator.GetBytes(32);
    private byte[] _previous = RandomNumberGenerator.GetBytes(32);

    public byte[] Create(IPAddress host)
    {
        byte[] secret;
        lock (_gate) secret = _current;
        return Hash(secret, host);
    }

    public bool IsValid(IPAddress host, ReadOnlySpan<byte> token)
    {
        if (token.Length != 32) return false;
        byte[] current, previous;
        lock (_gate) (current, previous) = (_current, _previous);
        return CryptographicOperations.FixedTimeEquals(Hash(current, host), token)
            || CryptographicOperations.FixedTimeEquals(Hash(previous, host), token);
    }

    public void Rotate()
    {
        lock (_gate) (_previous, _current) = (_current, RandomNumberGenerator.GetBytes(32));
    }

    private static byte[] Hash(byte[] secret, IPAddress host) =>
        HMACSHA256.HashData(secret, (host.IsIPv4MappedToIPv6 ? host.MapToIPv4() : host).GetAddressBytes());
}
