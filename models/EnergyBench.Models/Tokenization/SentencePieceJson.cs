using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// Reads a SentencePiece-style BPE tokenizer.json (Llama, TinyLlama, Gemma) into a <see cref="SentencePieceBpeTokenizer"/>.
/// The variants read: normalizer Sequence[Prepend('▁'), Replace(' ', '▁')] with no pre-tokenizer (older Llama files),
/// no normalizer with a Metaspace pre-tokenizer (newer ones), normalizer Replace(' ', '▁') alone (Gemma). Anything
/// else the file's pipeline names is refused by name rather than ignored.
/// </summary>
public static class SentencePieceJson
{
    /// <summary>Whether a BPE tokenizer.json works over '▁'-marked text with byte fallback rather than GPT-2's byte-level alphabet.</summary>
    public static bool IsSentencePieceStyle(JsonObject json) =>
        json["model"]?["byte_fallback"] is JsonValue fallback && fallback.GetValueKind() == JsonValueKind.True
        || new[] { "normalizer", "pre_tokenizer", "decoder" }.Any(key => json[key]?.ToJsonString() is { } part
            && (part.Contains("\"Metaspace\"", StringComparison.Ordinal) || part.Contains('▁') || part.Contains("\\u2581", StringComparison.Ordinal)));

    public static SentencePieceBpeTokenizer Load(JsonObject json, string path, bool addSpecialTokens)
    {
        var model = (JsonObject)json["model"]!;
        RefuseModelOptions(model, path);
        var vocabulary = ReadVocabulary(model, path);
        var added = ReadAddedTokens(json, path);
        foreach (var (token, id) in added)
            vocabulary[token.Content] = id;

        string? unknown = model["unk_token"]?.GetValue<string>();
        int? unknownId = unknown is null ? null
            : vocabulary.TryGetValue(unknown, out int unk) ? unk
            : throw new ModelFormatException(path, $"model.unk_token '{unknown}' is not in the vocabulary");
        var bpe = new SentencePieceBpe(vocabulary, ReadMerges(model, path),
            byteFallback: Flag(model, "byte_fallback"), unknownId, fuseUnknown: Flag(model, "fuse_unk"), ignoreMerges: Flag(model, "ignore_merges"));

        return new SentencePieceBpeTokenizer(bpe,
            added.ToDictionary(t => t.Token.Content, t => t.Id),
            added.Where(t => t.Token.Normalized).Select(t => t.Token.Content).ToHashSet(),
            Normalizer(json["normalizer"], path),
            Metaspace(json["pre_tokenizer"], path),
            vocabulary.GroupBy(t => t.Value).ToDictionary(g => g.Key, g => g.First().Key),
            PieceDecoder.FromJson(json["decoder"], path),
            SpecialTokenTemplate.FromJson(json["post_processor"], path), addSpecialTokens);
    }

    private static bool Flag(JsonObject node, string key) => node[key] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static void RefuseModelOptions(JsonObject model, string path)
    {
        foreach (string key in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (model[key]?.GetValue<string>() is { Length: > 0 } value)
                throw new ModelFormatException(path, $"model.{key} '{value}' is not supported with a SentencePiece-style BPE");
        if (model["dropout"] is JsonValue dropout && dropout.GetValue<double>() != 0)
            throw new ModelFormatException(path, "model.dropout is not supported (encoding would not be deterministic)");
    }

    private static Dictionary<string, int> ReadVocabulary(JsonObject model, string path)
    {
        try
        {
            return ((JsonObject)model["vocab"]!).ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<int>());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ModelFormatException(path, $"model.vocab is not token -> id ({e.Message})", e);
        }
    }

    /// <summary>Merges by rank; newer files store ["a", "b"] pairs, older ones "a b" strings ('▁' stands for spaces, so none holds one).</summary>
    private static Dictionary<(string, string), int> ReadMerges(JsonObject model, string path)
    {
        var ranks = new Dictionary<(string, string), int>();
        foreach (var merge in (JsonArray)model["merges"]!)
        {
            (string, string) pair = merge switch
            {
                JsonArray { Count: 2 } two => (two[0]!.GetValue<string>(), two[1]!.GetValue<string>()),
                JsonValue line when line.GetValue<string>().Split(' ') is [var left, var right] => (left, right),
                _ => throw new ModelFormatException(path, $"merge {merge?.ToJsonString()} is neither \"a b\" nor [\"a\", \"b\"]"),
            };
            ranks.TryAdd(pair, ranks.Count);
        }
        return ranks;
    }

    private sealed record AddedToken(string Content, bool Normalized);

    private static List<(AddedToken Token, int Id)> ReadAddedTokens(JsonObject json, string path)
    {
        var tokens = new List<(AddedToken, int)>();
        foreach (var token in (json["added_tokens"] as JsonArray ?? []).OfType<JsonObject>())
        {
            string content = token["content"]?.GetValue<string>() ?? throw new ModelFormatException(path, "an added token without content");
            foreach (string option in new[] { "lstrip", "rstrip", "single_word" })
                if (Flag(token, option))
                    throw new ModelFormatException(path, $"added token '{content}' with {option} is not supported");
            bool special = Flag(token, "special");
            // Hugging Face's default: special tokens are matched in the raw text, others in the normalized text.
            bool normalized = token["normalized"] is JsonValue n ? n.GetValueKind() == JsonValueKind.True : !special;
            tokens.Add((new AddedToken(content, normalized), token["id"]?.GetValue<int>() ?? throw new ModelFormatException(path, $"added token '{content}' without an id")));
        }
        return tokens;
    }

    /// <summary>Prepend and Replace (string patterns), alone or in a Sequence; no normalizer is null.</summary>
    private static Func<string, string>? Normalizer(JsonNode? node, string path)
    {
        var steps = new List<Func<string, string>>();
        foreach (var step in TokenizerJsonSteps.Flatten(node, "normalizers"))
        {
            string? type = TokenizerJsonSteps.Type(step);
            switch (type)
            {
                case "Prepend":
                    string prefix = step["prepend"]?.GetValue<string>() ?? "";
                    steps.Add(text => prefix + text);
                    break;
                case "Replace":
                    string from = step["pattern"]?["String"]?.GetValue<string>()
                        ?? throw new ModelFormatException(path, "normalizer 'Replace' with a regex pattern is not supported (only a String pattern)");
                    string to = step["content"]?.GetValue<string>() ?? "";
                    steps.Add(text => text.Replace(from, to));
                    break;
                default:
                    throw new ModelFormatException(path, $"normalizer '{type}' is not supported with a SentencePiece-style BPE (supported: Prepend, Replace, Sequence of them)");
            }
        }
        return steps.Count == 0 ? null : text => steps.Aggregate(text, (current, step) => step(current));
    }

    /// <summary>Metaspace, or nothing: the text whole.</summary>
    private static Metaspace? Metaspace(JsonNode? node, string path)
    {
        string? type = node?["type"]?.GetValue<string>();
        if (type is null)
            return null;
        if (type != "Metaspace")
            throw new ModelFormatException(path, $"pre-tokenizer '{type}' is not supported with a SentencePiece-style BPE (supported: none, Metaspace)");
        string replacement = node!["replacement"]?.GetValue<string>() ?? "▁";
        // Files older than prepend_scheme say add_prefix_space instead.
        var prepend = node["prepend_scheme"]?.GetValue<string>() switch
        {
            "always" => MetaspacePrepend.Always,
            "first" => MetaspacePrepend.First,
            "never" => MetaspacePrepend.Never,
            null => node["add_prefix_space"] is JsonValue add && add.GetValueKind() == JsonValueKind.False ? MetaspacePrepend.Never : MetaspacePrepend.Always,
            var other => throw new ModelFormatException(path, $"Metaspace prepend_scheme '{other}' is not supported (supported: always, first, never)"),
        };
        bool split = node["split"] is not JsonValue s || s.GetValueKind() != JsonValueKind.False;
        return new Metaspace(replacement, prepend, split);
    }
}
