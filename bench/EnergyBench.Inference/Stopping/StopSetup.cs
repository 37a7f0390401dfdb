using EnergyBench.Models;
using EnergyBench.Models.Tokenization;

namespace EnergyBench.Inference.Stopping;

/// <summary>A stop policy made ready for a model: the rule the generator takes (null: fixed length) and what it does, for the report.</summary>
public sealed record StopSetup(StopPolicy Policy, IStopRule? Rule, string Description)
{
    /// <summary>
    /// The rule of <paramref name="policy"/> for <paramref name="model"/>. <c>fixed</c> has none, so the generation loop
    /// does no per-token work for it; <c>eos</c> on a model that names no end token has none either, and says so.
    /// </summary>
    public static StopSetup For(StopPolicy policy, ModelDirectory model)
    {
        if (policy == StopPolicy.Fixed)
            return new(policy, null, "fixed: exactly max_new_tokens per prompt");
        var end = EndTokens.Of(model);
        // No commas: the description is one item of the report's comma-separated environment line.
        string ids = end.Count == 0 ? "no end token" : "end token " + string.Join("/", end.Order());
        if (policy == StopPolicy.Eos)
            return end.Count == 0
                ? new(policy, null, $"eos: {model.Name} names no eos_token_id and generates max_new_tokens as fixed does")
                : new(policy, new EosStopRule(end), $"eos: at {ids}");
        return new(policy, new CodeStopRule(ModelTokenizer.Load(model.Path), end),
            $"code: at the end of the block or a stop sequence or {ids}");
    }
}
