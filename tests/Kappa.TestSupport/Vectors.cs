using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>Loads the JS-produced golden vectors from ../shared/vectors.</summary>
public static class Vectors
{
    /// <summary>Parses a vector file (path relative to ../shared/vectors).</summary>
    public static JsonElement Load(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Vectors, relativePath)));
        return doc.RootElement.Clone();
    }

    /// <summary>Lower-case hex string to bytes.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>Bytes to lower-case hex.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The hex string property <paramref name="name"/> of <paramref name="e"/> as bytes.</summary>
    public static byte[] HexProp(this JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);

    /// <summary>The string property <paramref name="name"/>.</summary>
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>The integer property <paramref name="name"/>.</summary>
    public static long Num(this JsonElement e, string name) => e.GetProperty(name).GetInt64();
}
