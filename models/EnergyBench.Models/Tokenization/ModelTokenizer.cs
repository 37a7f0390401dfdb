using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Loads a model directory's tokenizer: GPT-2 byte-level BPE from <c>vocab.json</c> + <c>merges.txt</c>, the same
/// taken from a <c>tokenizer.json</c> whose model is BPE, or a tiktoken encoding named in <c>tokenizer_config.json</c>
/// (how the synthetic models describe cl100k_base).
/// </summary>
public static class ModelTokenizer
{
    public const string TiktokenKey = "tiktoken_encoding";

    public static Tokenizer Load(string directory) => Find(directory).Load();

    /// <summary>The files the tokenizer of <paramref name="directory"/> is read from, for messages (e.g. "tokenizer.json").</summary>
    public static string Describe(string directory) => Find(directory).Source;

    private static (string Source, Func<Tokenizer> Load) Find(string directory)
    {
        string vocab = Path.Combine(directory, "vocab.json"), merges = Path.Combine(directory, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
            return ("vocab.json + merges.txt", () => FromVocabAndMerges(vocab, merges));

        string tokenizerJson = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(tokenizerJson))
            return ("tokenizer.json", () => FromTokenizerJson(tokenizerJson));

        string config = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(config) && ReadJson(config)[TiktokenKey]?.GetValue<string>() is { } encoding)
            return ($"tiktoken {encoding} (tokenizer_config.json)", () => CreateTiktoken(encoding, config));

        throw new ModelFormatException(directory,
            "no tokenizer found (expected vocab.json + merges.txt, a BPE tokenizer.json, or tokenizer_config.json naming a tiktoken_encoding)");
    }

    public static Tokenizer CreateTiktoken(string encoding, string source)
    {
        try
        {
            return TiktokenTokenizer.CreateForEncoding(encoding);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new ModelFormatException(source, $"tiktoken encoding '{encoding}' is not available ({e.Message})", e);
        }
    }

    /// <summary>The synthetic models' tokenizer description: the encoding's name, read back by <see cref="Load"/>.</summary>
    public static void WriteTiktokenDescription(string directory, string encoding, int maxLength)
    {
        var json = new JsonObject
        {
            ["tokenizer_class"] = "TiktokenTokenizer",
            [TiktokenKey] = encoding,
            ["bos_token"] = "<|endoftext|>",
            ["eos_token"] = "<|endoftext|>",
            ["model_max_length"] = maxLength,
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"),
            json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static Tokenizer FromVocabAndMerges(string vocab, string merges)
    {
        try
        {
            using var vocabStream = File.OpenRead(vocab);
            using var mergesStream = File.OpenRead(merges);
            return CodeGenTokenizer.Create(vocabStream, mergesStream, false, false, false);
        }
        catch (Exception e) when (e is not ModelFormatException)
        {
            throw new ModelFormatException(vocab, $"vocab.json/merges.txt could not be read as GPT-2 byte-level BPE ({e.Message})", e);
        }
    }

    private static Tokenizer FromTokenizerJson(string path)
    {
        var json = ReadJson(path);
        var model = json["model"] as JsonObject;
        if (model?["type"]?.GetValue<string>() != "BPE" || model["vocab"] is not JsonObject vocab || model["merges"] is not JsonArray merges)
            throw new ModelFormatException(path, "only byte-level BPE tokenizer.json files (model.type = BPE with vocab and merges) are supported");
        if (IsSentencePieceStyle(json))
            throw new ModelFormatException(path,
                "a SentencePiece-style BPE (Metaspace '▁' and byte fallback, as Llama and Gemma ship) is not supported yet; " +
                "only byte-level BPE tokenizers (GPT-2, StarCoder, Pythia, BLOOM, Phi) are read");

        // Newer files store merges as ["a", "b"] pairs, older ones as "a b" strings; merges.txt wants "a b" lines.
        var mergeLines = new StringBuilder("#version: 0.2\n");
        foreach (var merge in merges)
            mergeLines.Append(merge is JsonArray pair ? $"{pair[0]} {pair[1]}" : merge!.GetValue<string>()).Append('\n');
        try
        {
            using var vocabStream = new MemoryStream(Encoding.UTF8.GetBytes(vocab.ToJsonString()));
            using var mergesStream = new MemoryStream(Encoding.UTF8.GetBytes(mergeLines.ToString()));
            return CodeGenTokenizer.Create(vocabStream, mergesStream, false, false, false);
        }
        catch (Exception e)
        {
            throw new ModelFormatException(path, $"could not build a BPE tokenizer from it ({e.Message})", e);
        }
    }

    /// <summary>
    /// Llama's and Gemma's tokenizer.json are BPE too, but over '▁'-marked text with byte fallback: read as byte-level BPE
    /// they would give wrong ids without an error.
    /// </summary>
    private static bool IsSentencePieceStyle(JsonObject json) =>
        json["model"]?["byte_fallback"] is JsonValue fallback && fallback.GetValueKind() == JsonValueKind.True
        || new[] { "normalizer", "pre_tokenizer", "decoder" }.Any(key => json[key]?.ToJsonString() is { } part
            && (part.Contains("\"Metaspace\"", StringComparison.Ordinal) || part.Contains('▁') || part.Contains("\\u2581", StringComparison.Ordinal)));

    private static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ModelFormatException(path, "expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not valid JSON ({e.Message})", e);
        }
    }
}
