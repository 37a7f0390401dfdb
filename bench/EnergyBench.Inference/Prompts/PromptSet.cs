using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnergyBench.Inference.Prompts;

/// <summary>A JSONL prompt set: one <see cref="PromptRecord"/> per line. A bad line fails with its file and line number.</summary>
/// <param name="lineNumbers">The file line of each prompt (1-based); null when the set was not read from a file.</param>
public sealed class PromptSet(string path, IReadOnlyList<PromptRecord> prompts, IReadOnlyList<int>? lineNumbers = null)
{
    public const string DefaultName = "humaneval-autocomplete";

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps code readable in the file; still valid JSON
    };

    public string Path { get; } = path;
    public IReadOnlyList<PromptRecord> Prompts { get; } = prompts;

    /// <summary>The line of the file that holds prompt <paramref name="index"/>, for messages about it.</summary>
    public int LineOf(int index) => lineNumbers?[index] ?? index + 1;

    /// <summary>A name in <c>prompts/</c> (with or without .jsonl) or a file path.</summary>
    public static string ResolvePath(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
            return System.IO.Path.GetFullPath(nameOrPath);
        string file = nameOrPath.EndsWith(".jsonl", StringComparison.Ordinal) ? nameOrPath : nameOrPath + ".jsonl";
        return System.IO.Path.Combine(Models.SuitePaths.Prompts, file);
    }

    public static PromptSet Load(string nameOrPath)
    {
        string path = ResolvePath(nameOrPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: prompt set not found (build it with: ./run.sh prompts build)", path);
        var prompts = new List<PromptRecord>();
        var lineNumbers = new List<int>();
        int lineNumber = 0;
        foreach (string line in ReadUtf8Lines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            PromptRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<PromptRecord>(line);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{lineNumber}: not a valid prompt line ({e.Message})", e);
            }
            if (record is null || string.IsNullOrEmpty(record.Prompt))
                throw new FormatException($"{path}:{lineNumber}: the line has no 'prompt' text");
            prompts.Add(record);
            lineNumbers.Add(lineNumber);
        }
        if (prompts.Count == 0)
            throw new FormatException($"{path}: the prompt set is empty");
        return new PromptSet(path, prompts, lineNumbers);
    }

    /// <summary>
    /// The file's lines, decoded strictly: a byte sequence that is not UTF-8 fails with its line, where a lenient reader
    /// would turn it into U+FFFD and the model would see other tokens than the file's author wrote.
    /// </summary>
    private static IEnumerable<string> ReadUtf8Lines(string path)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        byte[] bytes = File.ReadAllBytes(path);
        int start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        for (int lineNumber = 1; start <= bytes.Length; lineNumber++)
        {
            int length = bytes.AsSpan(start).IndexOf((byte)'\n');
            if (length < 0)
                length = bytes.Length - start;
            string line;
            try
            {
                line = strict.GetString(bytes, start, length).TrimEnd('\r');
            }
            catch (DecoderFallbackException e)
            {
                throw new FormatException($"{path}:{lineNumber}: not UTF-8 (byte 0x{e.BytesUnknown?.FirstOrDefault():X2} at column {e.Index + 1}); save the file as UTF-8", e);
            }
            yield return line;
            start += length + 1;
        }
    }

    public static string ToLine(PromptRecord record) => JsonSerializer.Serialize(record, LineOptions);

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // "\n" endings on every platform, so the file is the same bytes everywhere.
        File.WriteAllText(Path, string.Concat(Prompts.Select(p => ToLine(p) + "\n")));
    }
}
