using System.Text.Json.Nodes;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// The steps of a tokenizer.json normalizer, pre-tokenizer or decoder in order: a <c>Sequence</c> (whose list is under
/// <paramref name="listKey"/>: "normalizers", "pretokenizers", "decoders") is flattened, nested ones too; null is none.
/// </summary>
internal static class TokenizerJsonSteps
{
    public static IEnumerable<JsonNode> Flatten(JsonNode? node, string listKey)
    {
        if (node is null)
            yield break;
        if (node["type"]?.GetValue<string>() != "Sequence")
        {
            yield return node;
            yield break;
        }
        foreach (var inner in node[listKey] as JsonArray ?? [])
            foreach (var step in Flatten(inner, listKey))
                yield return step;
    }

    public static string? Type(JsonNode step) => step["type"]?.GetValue<string>();
}
