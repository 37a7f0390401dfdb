using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Loads a model directory's tokenizer, looking for, in turn:
/// <list type="number">
/// <item><c>tokenizer.json</c>: byte-level BPE (GPT-2, StarCoder, Pythia, BLOOM, Phi) with its own pre-tokenizer
/// (<see cref="ByteLevelPreTokenizer"/>) and added tokens, or SentencePiece-style BPE (Llama, Gemma;
/// <see cref="SentencePieceJson"/>);</item>
/// <item><c>tokenizer.model</c>, a SentencePiece model (<see cref="SentencePieceModelTokenizer"/>);</item>
/// <item>GPT-2 byte-level BPE from <c>vocab.json</c> + <c>merges.txt</c> (with <c>added_tokens.json</c>);</item>
/// <item>a tiktoken encoding named in <c>tokenizer_config.json</c> (how the synthetic models describe cl100k_base).</item>
/// </list>
/// Encoding adds the special tokens Hugging Face's <c>tokenizer(text)</c> adds (the tokenizer.json post-processor's,
/// or BOS for a tokenizer.model unless tokenizer_config.json says otherwise); load with <c>addSpecialTokens: false</c>
/// for the ids of the text alone.
/// </summary>
public static class ModelTokenizer
{
    public const string TiktokenKey = "tiktoken_encoding";

    public static Tokenizer Load(string directory, bool addSpecialTokens = true) => Find(directory).Load(addSpecialTokens);

    /// <summary>The files the tokenizer of <paramref name="directory"/> is read from, for messages (e.g. "tokenizer.json").</summary>
    public static string Describe(string directory) => Find(directory).Source;

    /// <summary>tokenizer.json first: it carries the pre-tokenizer and added tokens that the other files lack.</summary>
    private static (string Source, Func<bool, Tokenizer> Load) Find(string directory)
    {
        string tokenizerJson = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(tokenizerJson))
            return ("tokenizer.json", special => FromTokenizerJson(tokenizerJson, special));

        string sentencePiece = Path.Combine(directory, "tokenizer.model");
        if (File.Exists(sentencePiece))
            return ("tokenizer.model", special => FromSentencePieceModel(sentencePiece, special));

        string vocab = Path.Combine(directory, "vocab.json"), merges = Path.Combine(directory, "merges.txt");
        if (File.Exists(vocab) && File.Exists(merges))
            return ("vocab.json + merges.txt", _ => FromVocabAndMerges(vocab, merges));

        string config = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(config) && ReadJson(config)[TiktokenKey]?.GetValue<string>() is { } encoding)
            return ($"tiktoken {encoding} (tokenizer_config.json)", _ => CreateTiktoken(encoding, config));

        throw new ModelFormatException(directory,
            "no tokenizer found (expected a BPE tokenizer.json, a SentencePiece tokenizer.model, vocab.json + merges.txt, " +
            "or tokenizer_config.json naming a tiktoken_encoding)");
    }

    /// <summary>BOS and EOS as tokenizer_config.json's add_bos_token / add_eos_token say; Llama's and Gemma's default is BOS only.</summary>
    private static Tokenizer FromSentencePieceModel(string path, bool addSpecialTokens)
    {
        string config = Path.Combine(Path.GetDirectoryName(path)!, "tokenizer_config.json");
        var settings = File.Exists(config) ? ReadJson(config) : [];
        bool Setting(string key, bool fallback) => settings[key] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>() : fallback;
        return SentencePieceModelTokenizer.Load(path,
            addBeginningOfSentence: addSpecialTokens && Setting("add_bos_token", true),
            addEndOfSentence: addSpecialTokens && Setting("add_eos_token", false));
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
    /// first, the longest first as Hugging Face matches them; they join the vocabulary when it lacks them. The template's
    /// special tokens (at most one before and one after the text) become BpeOptions' BOS and EOS.
    /// </summary>
    private static Tokenizer ByteLevelBpe(string source, Dictionary<string, int> vocabulary, IEnumerable<string> mergeLines,
        IReadOnlyDictionary<string, int> addedTokens, Func<IReadOnlyCollection<string>, PreTokenizer> preTokenizer,
        SpecialTokenTemplate? template = null)
    {
        template ??= SpecialTokenTemplate.None;
        if (template.Before.Count > 1 || template.After.Count > 1)
            throw new ModelFormatException(source, "a post-processor template with more than one special token before or after the text is not supported");
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
                BeginningOfSentenceToken = template.Before.FirstOrDefault().Token,
                EndOfSentenceToken = template.After.FirstOrDefault().Token,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ModelFormatException(source, $"could not build a byte-level BPE tokenizer from it ({e.Message})", e);
        }
    }

    private const string EndOfText = "<|endoftext|>";

    private static Tokenizer FromTokenizerJson(string path, bool addSpecialTokens)
    {
        var json = ReadJson(path);
        var model = json["model"] as JsonObject;
        string? type = model?["type"]?.GetValue<string>();
        if (type != "BPE")
            throw new ModelFormatException(path, $"model type '{type}' is not supported: only BPE tokenizer.json files are read " +
                                                 "(byte-level as GPT-2's, or SentencePiece-style as Llama's and Gemma's)");
        if (model!["vocab"] is not JsonObject vocab || model["merges"] is not JsonArray merges)
            throw new ModelFormatException(path, "a BPE model needs model.vocab (token -> id) and model.merges");
        // Llama's and Gemma's BPE works over '▁'-marked text with byte fallback: read as byte-level it would give wrong ids.
        if (SentencePieceJson.IsSentencePieceStyle(json))
            return SentencePieceJson.Load(json, path, addSpecialTokens);

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
        var template = SpecialTokenTemplate.FromJson(json["post_processor"], path);
        return ByteLevelBpe(path, tokens, mergeLines, added, special => ByteLevelPreTokenizer.FromJson(json["pre_tokenizer"], special, path),
            addSpecialTokens ? template : SpecialTokenTemplate.None);
    }

    /// <summary>
    /// GPT-NeoX's NFC normalizer is accepted without being applied: the suite runs with invariant globalization, which
    /// has no Unicode normalization, and every HumanEval problem is NFC already (so NFC changes none of its prompts).
    /// Other normalizers are refused by name rather than ignored.
    /// </summary>
    private static void CheckNormalizer(JsonNode? node, string path)
    {
        if (TokenizerJsonSteps.Flatten(node, "normalizers").Select(TokenizerJsonSteps.Type).FirstOrDefault(type => type is not (null or "NFC")) is { } other)
            throw new ModelFormatException(path, $"normalizer '{other}' is not supported (supported: none, NFC)");
    }

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
