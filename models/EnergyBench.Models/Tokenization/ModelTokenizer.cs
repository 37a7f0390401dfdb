using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Loads a model directory's tokenizer: GPT-2 byte-level BPE from <c>vocab.json</c> + <c>merges.txt</c> (with
/// <c>added_tokens.json</c>), the same taken from a <c>tokenizer.json</c> whose model is byte-level BPE (its added
/// tokens included), or a tiktoken encoding named in <c>tokenizer_config.json</c> (how the synthetic models describe
/// cl100k_base). A tokenizer.json brings its own pre-tokenizer (<see cref="ByteLevelPreTokenizer"/>).
/// </summary>
public static class ModelTokenizer
{
    public const string TiktokenKey = "tiktoken_encoding";

    public static Tokenizer Load(string directory) => Find(directory).Load();

    /// <summary>The files the tokenizer of <paramref name="directory"/> is read from, for messages (e.g. "tokenizer.json").</summary>
    public static string Describe(string directory) => Find(directory).Source;

    /// <summary>tokenizer.json first: it carries the pre-tokenizer and added tokens that vocab.json + merges.txt lack.</summary>
    private static (string Source, Func<Tokenizer> Load) Find(string directory)
    {
        string tokenizerJson = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(tokenizerJson))
            return ("tokenizer.json", () => FromTokenizerJson(tokenizerJson));

        string vocab = Path.Combine(directory, "vocab.json"), merges = Path.Combine(directory, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
            return ("vocab.json + merges.txt", () => FromVocabAndMerges(vocab, merges));

        string config = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(config) && ReadJson(config)[TiktokenKey]?.GetValue<string>() is { } encoding)
            return ($"tiktoken {encoding} (tokenizer_config.json)", () => CreateTiktoken(encoding, config));

        throw new ModelFormatException(directory,
            "no tokenizer found (expected a BPE tokenizer.json, vocab.json + merges.txt, or tokenizer_config.json naming a tiktoken_encoding)");
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
        var tokens = ReadTokenIds(vocab) ?? throw new ModelFormatException(vocab, "not a JSON object of token -> id (empty)");
        // added_tokens.json beside vocab.json: phi-2's whitespace runs.
        string addedPath = Path.Combine(Path.GetDirectoryName(vocab)!, "added_tokens.json");
        var added = File.Exists(addedPath) ? ReadTokenIds(addedPath) ?? [] : [];
        return ByteLevelBpe(vocab, tokens, File.ReadLines(merges), added, ByteLevelPreTokenizer.Gpt2);
    }

    /// <summary>A JSON object of token -> id (vocab.json, added_tokens.json); null for a JSON null.</summary>
    private static Dictionary<string, int>? ReadTokenIds(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, $"not a JSON object of token -> id ({e.Message})", e);
        }
    }

    /// <summary>
    /// Byte-level BPE: the pre-tokenizer, then merges by rank. Added tokens (and <c>&lt;|endoftext|&gt;</c>) are split off
    /// first, the longest first as Hugging Face matches them; they join the vocabulary when it lacks them.
    /// </summary>
    private static Tokenizer ByteLevelBpe(string source, Dictionary<string, int> vocabulary, IEnumerable<string> mergeLines,
        IReadOnlyDictionary<string, int> addedTokens, Func<IReadOnlyCollection<string>, PreTokenizer> preTokenizer)
    {
        var special = new Dictionary<string, int>();
        foreach (var (token, id) in addedTokens.Append(new(EndOfText, vocabulary.GetValueOrDefault(EndOfText, -1)))
                     .Where(t => t.Value >= 0).OrderByDescending(t => t.Key.Length))
            special.TryAdd(token, id);
        foreach (var (token, id) in special)
            vocabulary.TryAdd(token, id);
        try
        {
            return BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = mergeLines.Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal)).ToList(),
                ByteLevel = true,
                PreTokenizer = preTokenizer(special.Keys),
                SpecialTokens = special,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(source, $"could not build a byte-level BPE tokenizer from it ({e.Message})", e);
        }
    }

    private const string EndOfText = "<|endoftext|>";


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

        // Newer files store merges as ["a", "b"] pairs, older ones as "a b" strings.
        var mergeLines = merges.Select(merge => merge is JsonArray pair ? $"{pair[0]} {pair[1]}" : merge!.GetValue<string>());
        Dictionary<string, int> tokens;
        try
        {
            tokens = vocab.ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<int>());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(path, $"model.vocab is not token -> id ({e.Message})", e);
        }
        var added = (json["added_tokens"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(t => t["content"] is JsonValue && t["id"] is JsonValue)
            .ToDictionary(t => t["content"]!.GetValue<string>(), t => t["id"]!.GetValue<int>());
        CheckNormalizer(json["normalizer"], path);
        return ByteLevelBpe(path, tokens, mergeLines, added, special => ByteLevelPreTokenizer.FromJson(json["pre_tokenizer"], special, path));
    }

    /// <summary>
    /// GPT-NeoX's NFC normalizer is accepted without being applied: the suite runs with invariant globalization, which
    /// has no Unicode normalization, and every HumanEval problem is NFC already (so NFC changes none of its prompts).
    /// Other normalizers are refused by name rather than ignored.
    /// </summary>
    private static void CheckNormalizer(JsonNode? node, string path)
    {
        var steps = node?["type"]?.GetValue<string>() == "Sequence" ? (node["normalizers"] as JsonArray ?? []).ToList() : [node];
        if (steps.Select(step => step?["type"]?.GetValue<string>()).FirstOrDefault(type => type is not (null or "NFC")) is { } other)
            throw new ModelFormatException(path, $"normalizer '{other}' is not supported (supported: none, NFC)");
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
