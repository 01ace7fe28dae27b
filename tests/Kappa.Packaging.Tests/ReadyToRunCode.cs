using System.IO.Compression;
using System.Reflection.Metadata;
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
        using var copy = Seekable(entry);
        return IsIn(copy);
    }

    // PEReader needs a seekable stream; a zip entry's is not.
    private static MemoryStream Seekable(ZipArchiveEntry entry)
    {
        var copy = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static bool IsIn(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var cli = pe.PEHeaders.CorHeader ?? throw new InvalidDataException("not a .NET assembly");
        return cli.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>
    /// How many of the image's fixups check that a method's IL is the same at run time as when it
    /// was compiled (<c>Check_IL_Body</c>, 0x35: on a mismatch the runtime does not use the code
    /// and the method is JIT-compiled) and how many demand it (<c>Verify_IL_Body</c>, 0x36: a
    /// mismatch fails the process). Such fixups guard code that crossgen2 compiled from another
    /// assembly's IL (<c>--opt-cross-module</c>: the framework's generics over this assembly's
    /// types); a plain image has none.
    /// </summary>
    public static (int Check, int Verify) IlBodyFixups(ZipArchiveEntry entry)
    {
        using var pe = new PEReader(Seekable(entry), PEStreamOptions.PrefetchEntireImage);
        var header = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory ?? throw new InvalidDataException("not a .NET assembly");
        if (header.Size == 0) throw new InvalidDataException($"{entry.FullName} has no ReadyToRun header");
        // Layouts from dotnet/runtime's docs/design/coreclr/botr/readytorun-format.md.
        // READYTORUN_HEADER: Signature "RTR\0", MajorVersion, MinorVersion, Flags, NumberOfSections,
        // then the sections (Type, RVA, Size), 12 bytes each.
        var r2r = pe.GetSectionData(header.RelativeVirtualAddress).GetReader();
        if (r2r.ReadUInt32() != 0x00525452) throw new InvalidDataException($"{entry.FullName}: not a READYTORUN_HEADER");
        r2r.Offset += 2 + 2 + 4;
        var sections = r2r.ReadInt32();
        var (check, verify) = (0, 0);
        for (var i = 0; i < sections; i++)
        {
            var (type, rva, size) = (r2r.ReadInt32(), r2r.ReadInt32(), r2r.ReadInt32());
            if (type != 101) continue; // ImportSections
            // READYTORUN_IMPORT_SECTION: Section (RVA, Size), Flags (2), Type (1), EntrySize (1),
            // Signatures (RVA of one signature RVA per slot), AuxiliaryData: 20 bytes each.
            var imports = pe.GetSectionData(rva).GetReader(0, size);
            while (imports.RemainingBytes >= 20)
            {
                imports.Offset += 4; // the slots' RVA
                var slotsSize = imports.ReadInt32();
                imports.Offset += 2 + 1; // Flags, Type
                var entrySize = imports.ReadByte();
                var signatures = imports.ReadInt32();
                imports.Offset += 4; // AuxiliaryData
                if (signatures == 0 || entrySize == 0) continue;
                var slots = pe.GetSectionData(signatures).GetReader();
                for (var slot = 0; slot < slotsSize / entrySize; slot++)
                {
                    // A signature's first byte is its fixup kind; 0x80 marks a module override.
                    var kind = pe.GetSectionData(slots.ReadInt32()).GetReader().ReadByte() & 0x7F;
                    if (kind == 0x35) check++;
                    else if (kind == 0x36) verify++;
                }
            }
        }
        return (check, verify);
    }
}
