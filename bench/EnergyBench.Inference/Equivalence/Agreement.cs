using System.Globalization;

namespace EnergyBench.Inference.Equivalence;

/// <summary>Where a configuration's greedy tokens first left the reference's: the prompt (index in the set) and the generated position (0-based).</summary>
public sealed record Divergence(int Prompt, int Position, int Expected, int Actual);

/// <summary>The guard's verdict on one configuration.</summary>
public sealed record Agreement(string Reference, int Prompts, int Identical, int? Tokens, double RequiredShare, Divergence? First)
{
    public double Share => Prompts == 0 ? 0 : (double)Identical / Prompts;

    public bool Valid => Identical >= Math.Ceiling(RequiredShare * Prompts - 1e-9);

    /// <summary>For a table cell: "8/8", "7/8" or "INVALID 5/8".</summary>
    public string Short => (Valid ? "" : "INVALID ") + $"{Identical}/{Prompts}";

    /// <summary>One line for warnings and logs, naming the first divergence.</summary>
    public string Describe(string configuration)
    {
        string compared = Tokens is { } n ? $"first {n} tokens" : "all tokens";
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{(Valid ? "" : "INVALID: ")}{Identical}/{Prompts} prompts identical to {Reference} ({compared}, {RequiredShare:P0} required)");
        if (First is { } d)
            text += $"; first difference at prompt {d.Prompt}, generated position {d.Position}: {Reference} {d.Expected}, {configuration} {d.Actual}";
        return text;
    }
}
