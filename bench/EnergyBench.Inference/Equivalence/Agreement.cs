using System.Globalization;

namespace EnergyBench.Inference.Equivalence;

/// <summary>
/// Where a configuration's greedy tokens first left the reference's: the prompt (index in the set) and the generated
/// position (0-based); a token of -1 means that sequence had ended there.
/// </summary>
public sealed record Divergence(int Prompt, int Position, int Expected, int Actual);

/// <summary>The guard's verdict on one configuration; <paramref name="SameStop"/>: under a stop policy, the prompts whose outputs stopped at the same token.</summary>
public sealed record Agreement(string Reference, int Prompts, int Identical, int? Tokens, double RequiredShare, Divergence? First, int? SameStop = null)
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
        if (SameStop is { } same)
            text += $"; stopping points agree in {same}/{Prompts}";
        if (First is { } d)
            text += $"; first difference at prompt {d.Prompt}, generated position {d.Position}: {Reference} {Token(d.Expected)}, {configuration} {Token(d.Actual)}";
        return text;
    }

    private static string Token(int id) => id < 0 ? "(ended)" : id.ToString(CultureInfo.InvariantCulture);
}
