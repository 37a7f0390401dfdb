using EnergyBench.Models.Architectures;

namespace EnergyBench.Models.Synthetic;

/// <summary>
/// A named synthetic model shape. The vocabulary is cl100k_base's, so every preset reads the same prompts. The
/// <c>&lt;model_type&gt;-test</c> presets are tiny models of each supported architecture with the quirks that
/// distinguish it (a head count that is not a power of two for ALiBi, grouped and multi-query KV heads, an explicit
/// head_dim, partial rotary dims), for tests and quick runs.
/// </summary>
public sealed record ModelPreset(string Name, string Description, ArchitectureConfig Config)
{
    public const int Cl100kVocabSize = 100277;
    public const int Cl100kEndOfText = 100257;
    public const string Default = "gpt2-tiny";
    private const int TestPositions = 64;

    public static IReadOnlyList<ModelPreset> All { get; } =
    [
        new("gpt2-test", "gpt2, 2 layers, d=16: for unit tests", Gpt2(2, 2, 16, TestPositions)),
        new("gpt2-tiny", "gpt2, 2 layers, d=64: the default, a full run takes minutes on 2 cores", Gpt2(2, 4, 64, 256)),
        new("gpt2-110m", "gpt2, 4 layers, d=768: size category 1 (like codeparrot-small, ~110M)", Gpt2(4, 12, 768, 1024)),
        new("gpt2-1b", "gpt2, 16 layers, d=2048: size category 2 (~1B)", Gpt2(16, 16, 2048, 2048)),
        new("gpt2-3b", "gpt2, 34 layers, d=2560: size category 3 (~3B)", Gpt2(34, 20, 2560, 2048)),
        new("codeparrot-test", "gpt2 with scale_attn_by_inverse_layer_idx (codeparrot), 3 layers, d=16", Gpt2(3, 2, 16, TestPositions) with { ScaleAttentionByInverseLayer = true }),
        new("gpt_bigcode-test", "gpt_bigcode, multi-query (1 KV head for 6), 2 layers, d=48", Test("gpt_bigcode", hidden: 48, heads: 6, kvHeads: 1, headDim: 8) with
        {
            Positions = PositionKind.Learned, TiedHead = true, QkvBias = true, OutputBias = true, MlpBias = true,
        }),
        new("gpt_neox-test", "gpt_neox, rotary on 4 of 16 head dims, parallel residual, exact GELU, 2 layers, d=32", Test("gpt_neox", hidden: 32, heads: 2, kvHeads: 2, headDim: 16) with
        {
            Positions = PositionKind.Rotary, RotaryDims = 4, Activation = Activation.GeluErf, Residual = ResidualKind.ParallelTwoNorms,
            QkvBias = true, OutputBias = true, MlpBias = true,
        }),
        new("bloom-test", "bloom, ALiBi over 6 heads (not a power of two), embedding LayerNorm, 2 layers, d=48", Test("bloom", hidden: 48, heads: 6, kvHeads: 6, headDim: 8) with
        {
            Inner = 4 * 48, Positions = PositionKind.Alibi, EmbeddingNorm = true, TiedHead = true, QkvBias = true, OutputBias = true, MlpBias = true,
        }),
        new("llama-test", "llama, grouped-query (2 KV heads for 4), RMSNorm, rotary, SwiGLU, 2 layers, d=32", Test("llama", hidden: 32, heads: 4, kvHeads: 2, headDim: 8) with
        {
            Norm = NormKind.RmsNorm, Positions = PositionKind.Rotary, RotaryDims = 8, Activation = Activation.Silu, GatedMlp = true,
        }),
        new("gemma-test", "gemma, multi-query, head_dim 12 from config, (1+w) RMSNorm, sqrt(d) embedding scale, GeGLU, 2 layers, d=32", Test("gemma", hidden: 32, heads: 4, kvHeads: 1, headDim: 12) with
        {
            Norm = NormKind.GemmaRmsNorm, NormEpsilon = 1e-6, Positions = PositionKind.Rotary, RotaryDims = 12, GatedMlp = true,
            EmbeddingScale = (float)Math.Sqrt(32), TiedHead = true,
        }),
        new("phi-test", "phi, rotary on 4 of 10 head dims, parallel block with one LayerNorm, head bias, 2 layers, d=40", Test("phi", hidden: 40, heads: 4, kvHeads: 4, headDim: 10) with
        {
            Positions = PositionKind.Rotary, RotaryDims = 4, Residual = ResidualKind.ParallelSharedNorm, HeadBias = true,
            QkvBias = true, OutputBias = true, MlpBias = true,
        }),
    ];

    /// <summary>The tiny preset of each supported model type.</summary>
    public static IEnumerable<ModelPreset> ArchitectureTests =>
        All.Where(p => p.Name == p.Config.ModelType + "-test");

    public static ModelPreset Get(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown model preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");

    public static bool TryGet(string name, out ModelPreset preset)
    {
        preset = All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))!;
        return preset is not null;
    }

    private static ArchitectureConfig Gpt2(int layers, int heads, int hidden, int positions) => new()
    {
        ModelType = "gpt2", Layers = layers, Hidden = hidden, Heads = heads, KvHeads = heads, HeadDim = hidden / heads,
        Inner = 4 * hidden, VocabSize = Cl100kVocabSize, MaxPositions = positions, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5,
        Positions = PositionKind.Learned, Activation = Activation.GeluTanh, TiedHead = true, QkvBias = true, OutputBias = true,
        MlpBias = true, BosTokenId = Cl100kEndOfText, EosTokenId = Cl100kEndOfText,
    };

    /// <summary>A two-layer test shape; the preset sets the parts of its architecture.</summary>
    private static ArchitectureConfig Test(string modelType, int hidden, int heads, int kvHeads, int headDim) => new()
    {
        ModelType = modelType, Layers = 2, Hidden = hidden, Heads = heads, KvHeads = kvHeads, HeadDim = headDim, Inner = 64,
        VocabSize = Cl100kVocabSize, MaxPositions = TestPositions, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5,
        Positions = PositionKind.Learned, Activation = Activation.GeluTanh, TiedHead = false,
        BosTokenId = Cl100kEndOfText, EosTokenId = Cl100kEndOfText,
    };
}
