using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// The special tokens a tokenizer puts around every encoded text, as a tokenizer.json <c>post_processor</c> says
/// (Hugging Face's <c>tokenizer(text)</c> adds them; <c>add_special_tokens=False</c> leaves them out): a
/// <c>TemplateProcessing</c> <c>single</c> template contributes its special tokens before and after <c>$A</c> (Llama's
/// <c>&lt;s&gt; $A</c>, Gemma's <c>&lt;bos&gt; $A</c>); <c>ByteLevel</c> and no post-processor add nothing (GPT-2 family).
/// </summary>
public sealed record SpecialTokenTemplate(IReadOnlyList<(string Token, int Id)> Before, IReadOnlyList<(string Token, int Id)> After)
{
    public static readonly SpecialTokenTemplate None = new([], []);

    public bool IsEmpty => Before.Count == 0 && After.Count == 0;

    /// <summary>The ids of every token the template adds, for decoding without them.</summary>
    public IReadOnlySet<int> Ids => Before.Concat(After).Select(t => t.Id).ToHashSet();

    public IReadOnlyList<int> Apply(IReadOnlyList<int> ids) =>
        IsEmpty ? ids : [.. Before.Select(t => t.Id), .. ids, .. After.Select(t => t.Id)];

    public static SpecialTokenTemplate FromJson(JsonNode? node, string path)
    {
        string? type = node?["type"]?.GetValue<string>();
        switch (type)
        {
            case null or "ByteLevel":
                return None;
            case "Sequence":
                var parts = (node!["processors"] as JsonArray ?? []).Select(inner => FromJson(inner, path)).ToList();
                return new([.. parts.SelectMany(p => p.Before)], [.. parts.SelectMany(p => p.After)]);
            case "TemplateProcessing":
                return FromTemplate(node!, path);
            default:
                throw new ModelFormatException(path, $"post-processor '{type}' is not supported (supported: none, ByteLevel, TemplateProcessing, Sequence of them)");
        }
    }

    private static SpecialTokenTemplate FromTemplate(JsonNode node, string path)
    {
        var before = new List<(string, int)>();
        var after = new List<(string, int)>();
        bool sequenceSeen = false;
        foreach (var item in node["single"] as JsonArray ?? throw new ModelFormatException(path, "a TemplateProcessing post-processor without a 'single' template"))
        {
            if (item?["Sequence"] is not null)
            {
                sequenceSeen = true;
                continue;
            }
            string name = item?["SpecialToken"]?["id"]?.GetValue<string>()
                ?? throw new ModelFormatException(path, $"TemplateProcessing item {item?.ToJsonString()} is neither a SpecialToken nor a Sequence");
            var special = node["special_tokens"]?[name]
                ?? throw new ModelFormatException(path, $"TemplateProcessing names special token '{name}' that its special_tokens do not define");
            var ids = special["ids"] as JsonArray ?? [];
            var tokens = special["tokens"] as JsonArray ?? [];
            if (ids.Count == 0 || ids.Count != tokens.Count)
                throw new ModelFormatException(path, $"TemplateProcessing special token '{name}' needs as many ids as tokens");
            for (int i = 0; i < ids.Count; i++)
                (sequenceSeen ? after : before).Add((tokens[i]!.GetValue<string>(), ids[i]!.GetValue<int>()));
        }
        return new(before, after);
    }
}
