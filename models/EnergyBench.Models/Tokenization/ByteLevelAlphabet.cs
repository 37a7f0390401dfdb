namespace EnergyBench.Models.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet: each of the 256 byte values as one printable character, how byte-level BPE files
/// (vocab.json, tokenizer.json) spell tokens. Printable Latin-1 bytes stand for themselves; the others, in byte order,
/// take the characters from U+0100 on.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = Build();

    public static char Of(byte value) => ByteToChar[value];

    public static string Spell(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
            chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    private static char[] Build()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
            map[b] = b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ' ? (char)b : (char)next++;
        return map;
    }
}
