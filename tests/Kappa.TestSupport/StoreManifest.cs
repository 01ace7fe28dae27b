using System.Text.Json;

namespace Kappa.TestSupport;

/// <summary>The <c>files</c> map of a storage vector (relative path → base64 bytes), written out or compared.</summary>
public static class StoreManifest
{
    /// <summary>Writes every file of <paramref name="vector"/>'s <c>files</c> under <paramref name="directory"/>.</summary>
    public static void WriteTo(JsonElement vector, string directory)
    {
        foreach (var file in vector.GetProperty("files").EnumerateObject())
        {
            var path = Path.Combine(directory, file.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, Convert.FromBase64String(file.Value.GetString()!));
        }
    }

    /// <summary>Every file under <paramref name="directory"/> as relative path → bytes (sorted).</summary>
    public static SortedDictionary<string, byte[]> Read(string directory)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(directory, path).Replace('\\', '/')] = File.ReadAllBytes(path);
        return result;
    }
}
