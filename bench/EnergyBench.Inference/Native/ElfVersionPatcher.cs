using System.Buffers.Binary;
using System.Text;

namespace EnergyBench.Inference.Native;

/// <summary>
/// Marks symbol-version requirements of a 64-bit little-endian ELF shared library as weak (VER_FLG_WEAK in the
/// Vernaux entries of <c>.gnu.version_r</c>). The dynamic loader then accepts a library that lacks the version
/// instead of refusing to load; a symbol really bound to it would still fail, so only weaken versions whose symbols
/// are never called.
/// </summary>
public static class ElfVersionPatcher
{
    public const ushort WeakFlag = 0x2;
    private const uint VersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed

    /// <summary>Sets the weak flag on every requirement named in <paramref name="versions"/>; returns the names it changed.</summary>
    public static IReadOnlyList<string> Weaken(byte[] elf, IReadOnlySet<string> versions)
    {
        var changed = new List<string>();
        foreach (var (flagsOffset, name, flags) in Requirements(elf))
        {
            if (!versions.Contains(name) || (flags & WeakFlag) != 0)
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(flagsOffset), (ushort)(flags | WeakFlag));
            changed.Add(name);
        }
        return changed;
    }

    /// <summary>The version requirements of the library and their flags.</summary>
    public static IReadOnlyDictionary<string, ushort> ReadRequirements(byte[] elf)
    {
        var result = new Dictionary<string, ushort>();
        foreach (var (_, name, flags) in Requirements(elf))
            result[name] = flags;
        return result;
    }

    private static IEnumerable<(int FlagsOffset, string Name, ushort Flags)> Requirements(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");

        var span = (ReadOnlySpan<byte>)elf;
        long sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        if (entrySize < 64 || sectionTable + (long)entrySize * sectionCount > elf.Length)
            throw new InvalidDataException("ELF section table lies outside the file");

        var results = new List<(int, string, ushort)>();
        for (int s = 0; s < sectionCount; s++)
        {
            var header = Section(elf, sectionTable, entrySize, s);
            if (header.Type != VersionNeedSection)
                continue;
            var strings = Section(elf, sectionTable, entrySize, (int)header.Link);
            int need = checked((int)header.Offset);
            for (uint n = 0; n < header.Info; n++)
            {
                int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(need + 2));
                int aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(need + 8));
                for (int a = 0; a < count; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(aux + 4));
                    uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 8));
                    results.Add((aux + 4, ReadString(elf, strings.Offset + nameOffset), flags));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(aux + 12));
                }
                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(need + 12));
            }
        }
        return results;
    }

    private readonly record struct SectionHeader(uint Type, long Offset, uint Link, uint Info);

    private static SectionHeader Section(byte[] elf, long table, int entrySize, int index)
    {
        var entry = elf.AsSpan(checked((int)(table + (long)index * entrySize)), 64);
        return new SectionHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[44..]));
    }

    private static string ReadString(byte[] elf, long offset)
    {
        int start = checked((int)offset), end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, (end < 0 ? elf.Length : end) - start);
    }
}
