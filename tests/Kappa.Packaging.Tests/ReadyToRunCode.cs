using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace Kappa.Packaging.Tests;

/// <summary>
/// Whether an assembly carries ReadyToRun (crossgen2) code: such an image has a managed native
/// header in its CLI header (the READYTORUN_HEADER), an IL-only one has none (ECMA-335 II.25.3.3).
/// </summary>
public static class ReadyToRunCode
{
    /// <summary>True when the assembly at <paramref name="path"/> is precompiled.</summary>
    public static bool IsIn(string path)
    {
        using var file = File.OpenRead(path);
        return IsIn(file);
    }

    /// <summary>True when the assembly in a package entry is precompiled.</summary>
    public static bool IsIn(ZipArchiveEntry entry)
    {
        // PEReader needs a seekable stream; a zip entry's is not.
        using var copy = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(copy);
        copy.Position = 0;
        return IsIn(copy);
    }

    private static bool IsIn(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var cli = pe.PEHeaders.CorHeader ?? throw new InvalidDataException("not a .NET assembly");
        return cli.ManagedNativeHeaderDirectory.Size > 0;
    }
}
