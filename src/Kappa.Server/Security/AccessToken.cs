using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kappa.Server.Security;

/// <summary>The access token <c>kappa serve</c> demands when it listens beyond loopback.</summary>
public static class AccessToken
{
    /// <summary>A new random token: 32 bytes from the OS CSPRNG, base64url (43 characters).</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when every address in <paramref name="urls"/> (<c>;</c>-separated) is a loopback host: 127.x, ::1 or localhost.</summary>
    public static bool IsLoopbackOnly(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel accepts wildcard hosts (http://*:80, http://+:80) that Uri cannot parse; they bind every interface.
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)) return false;
            var host = uri.Host.Trim('[', ']');
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) continue;
            if (!IPAddress.TryParse(host, out var ip) || !IPAddress.IsLoopback(ip)) return false;
        }
        return true;
    }

    /// <summary>Compares in constant time, so the token cannot be guessed byte by byte from response times.</summary>
    internal static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
