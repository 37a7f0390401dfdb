using EnergyBench.Models.Gpt2;

namespace EnergyBench.Models.Synthetic;

/// <summary>A named synthetic model shape. The vocabulary is cl100k_base's, so every preset reads the same prompts.</summary>
public sealed record ModelPreset(string Name, string Description, Gpt2Config Config)
{
    public const int Cl100kVocabSize = 100277;
    public const int Cl100kEndOfText = 100257;
    public const string Default = "gpt2-tiny";

    public static IReadOnlyList<ModelPreset> All { get; } =
    [
        new("gpt2-test", "2 layers, d=16: for unit tests", Gpt(2, 2, 16, 64)),
        new("gpt2-tiny", "2 layers, d=64: the default, a full run takes minutes on 2 cores", Gpt(2, 4, 64, 256)),
        new("gpt2-110m", "4 layers, d=768: size category 1 (like codeparrot-small, ~110M)", Gpt(4, 12, 768, 1024)),
        new("gpt2-1b", "16 layers, d=2048: size category 2 (~1B)", Gpt(16, 16, 2048, 2048)),
        new("gpt2-3b", "34 layers, d=2560: size category 3 (~3B)", Gpt(34, 20, 2560, 2048)),
    ];

    public static ModelPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown model preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");

    public static bool TryGet(string name, out ModelPreset preset)
    {
        preset = All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))!;
        return preset is not null;
    }

    private static Gpt2Config Gpt(int layers, int heads, int embd, int positions) =>
        new(layers, heads, embd, positions, Cl100kVocabSize, 1e-5, null, Cl100kEndOfText);
}
