using EnergyBench.Models.Architectures;
using static EnergyBench.Models.Tests.StudyConfigFiles;

namespace EnergyBench.Models.Tests;

/// <summary>
/// The config.json of each of the twelve study models (from the model registry, with the keys and spellings of the real
/// repositories, unknown keys included) read into the description the model has.
/// </summary>
public class StudyConfigTests
{
    private static ArchitectureConfig Gpt2Like(string type, int layers, int hidden, int heads, int kvHeads, int inner, int vocab, int positions, int token) => new()
    {
        ModelType = type, Layers = layers, Hidden = hidden, Heads = heads, KvHeads = kvHeads, HeadDim = hidden / heads, Inner = inner,
        VocabSize = vocab, MaxPositions = positions, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5, Positions = PositionKind.Learned,
        Activation = Activation.GeluTanh, TiedHead = true, QkvBias = true, OutputBias = true, MlpBias = true,
        BosTokenId = token, EosTokenId = token,
    };

    private static ArchitectureConfig NeoX(int layers, int hidden, int heads, int vocab, int positions, int rotaryDims) => new()
    {
        ModelType = "gpt_neox", Layers = layers, Hidden = hidden, Heads = heads, KvHeads = heads, HeadDim = hidden / heads, Inner = 4 * hidden,
        VocabSize = vocab, MaxPositions = positions, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5, Positions = PositionKind.Rotary,
        RotaryDims = rotaryDims, RotaryBase = 10000, Activation = Activation.GeluErf, Residual = ResidualKind.ParallelTwoNorms,
        TiedHead = false, QkvBias = true, OutputBias = true, MlpBias = true, BosTokenId = 0, EosTokenId = 0,
    };

    private static ArchitectureConfig Bloom(int hidden) => new()
    {
        ModelType = "bloom", Layers = 24, Hidden = hidden, Heads = 16, KvHeads = 16, HeadDim = hidden / 16, Inner = 4 * hidden,
        VocabSize = 250880, MaxPositions = 2048, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5, Positions = PositionKind.Alibi,
        Activation = Activation.GeluTanh, EmbeddingNorm = true, TiedHead = true, QkvBias = true, OutputBias = true, MlpBias = true,
        BosTokenId = 1, EosTokenId = 2,
    };

    public static TheoryData<string, ArchitectureConfig> Descriptions => new()
    {
        { "codeparrot-small", Gpt2Like("gpt2", 12, 768, 12, 12, 3072, 32768, 1024, 50256) with { ScaleAttentionByInverseLayer = true } },
        { "tiny_starcoder_py", Gpt2Like("gpt_bigcode", 20, 768, 12, 1, 3072, 49152, 8192, 0) },
        { "starcoderbase-1b", Gpt2Like("gpt_bigcode", 24, 2048, 16, 1, 8192, 49152, 8192, 0) },
        { "pythia-410m", NeoX(24, 1024, 16, 50304, 2048, rotaryDims: 16) },
        { "pythia-1.4b", NeoX(24, 2048, 16, 50304, 2048, rotaryDims: 32) },
        { "stablecode-instruct-alpha-3b", NeoX(32, 2560, 32, 49152, 4096, rotaryDims: 20) },
        { "stablecode-completion-alpha-3b-4k", NeoX(32, 2560, 32, 49152, 4096, rotaryDims: 20) },
        // BLOOM's config has no positions key: the training length 2048 stands in.
        { "bloom-560m", Bloom(1024) },
        { "bloomz-1b1", Bloom(1536) },
        {
            "TinyLlama-1.1B-Chat-v1.0", new ArchitectureConfig
            {
                ModelType = "llama", Layers = 22, Hidden = 2048, Heads = 32, KvHeads = 4, HeadDim = 64, Inner = 5632, VocabSize = 32000,
                MaxPositions = 2048, Norm = NormKind.RmsNorm, NormEpsilon = 1e-5, Positions = PositionKind.Rotary, RotaryDims = 64,
                RotaryBase = 10000, Activation = Activation.Silu, GatedMlp = true, TiedHead = false, BosTokenId = 1, EosTokenId = 2,
            }
        },
        {
            "codegemma-2b", new ArchitectureConfig
            {
                ModelType = "gemma", Layers = 18, Hidden = 2048, Heads = 8, KvHeads = 1, HeadDim = 256, Inner = 16384, VocabSize = 256000,
                MaxPositions = 8192, Norm = NormKind.GemmaRmsNorm, NormEpsilon = 1e-6, Positions = PositionKind.Rotary, RotaryDims = 256,
                RotaryBase = 10000, Activation = Activation.GeluTanh, GatedMlp = true,
                EmbeddingScale = 45.25483322143555, // sqrt(2048) rounded to float32, the hidden dtype here
                TiedHead = true, BosTokenId = 2, EosTokenId = 1,
            }
        },
        {
            "phi-2", new ArchitectureConfig
            {
                ModelType = "phi", Layers = 32, Hidden = 2560, Heads = 32, KvHeads = 32, HeadDim = 80, Inner = 10240, VocabSize = 51200,
                MaxPositions = 2048, Norm = NormKind.LayerNorm, NormEpsilon = 1e-5, Positions = PositionKind.Rotary, RotaryDims = 32,
                RotaryBase = 10000, Activation = Activation.GeluTanh, Residual = ResidualKind.ParallelSharedNorm, TiedHead = false,
                HeadBias = true, QkvBias = true, OutputBias = true, MlpBias = true, BosTokenId = 50256, EosTokenId = 50256,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Each_config_reads_as_the_models_description(string model, ArchitectureConfig expected) =>
        Assert.Equal(expected, Architecture.Load(PathOf(model)));

    /// <summary>
    /// What transformers counts (model.num_parameters(): a tied head once, buffers not at all), worked out by hand
    /// from the shapes; the Pythia paper lists 405,334,016 and 1,414,647,808, the BLOOM cards 559,214,592 and
    /// 1,065,314,304.
    /// </summary>
    [Theory]
    // V·H + P·H + L·(4H + 3H·H + 3H + H·H + H + 2·I·H + I + H) + 2H
    [InlineData("codeparrot-small", 111_008_256)]
    // as GPT-2 with c_attn [H + 2·hd, H]: ~164M and ~1.1B
    [InlineData("tiny_starcoder_py", 164_144_128)]
    [InlineData("starcoderbase-1b", 1_137_207_296)]
    // 2·V·H + L·(4H + 3H·H + 3H + H·H + H + 2·I·H + I + H) + 2H
    [InlineData("pythia-410m", 405_334_016)]
    [InlineData("pythia-1.4b", 1_414_647_808)]
    [InlineData("stablecode-instruct-alpha-3b", 2_769_310_720)]
    [InlineData("stablecode-completion-alpha-3b-4k", 2_769_310_720)]
    // V·H + 2H (embedding LayerNorm) + L·(as NeoX with I = 4H) + 2H
    [InlineData("bloom-560m", 559_214_592)]
    [InlineData("bloomz-1b1", 1_065_314_304)]
    // 2·V·H + L·(2H + 2·nh·hd·H + 2·nkv·hd·H + 3·I·H) + H
    [InlineData("TinyLlama-1.1B-Chat-v1.0", 1_100_048_384)]
    // the same with the head tied: V·H once
    [InlineData("codegemma-2b", 2_506_172_416)]
    // 2·V·H + V (head bias) + L·(2H + 4·(H·H + H) + 2·I·H + I + H) + 2H
    [InlineData("phi-2", 2_779_683_840)]
    public void Parameter_counts_are_what_transformers_counts(string model, long expected) =>
        Assert.Equal(expected, Architecture.Load(PathOf(model)).ParameterCount);

    [Fact]
    public void Bloom_alibi_slopes_for_16_heads_halve_every_two_heads()
    {
        // For 16 heads the slope of head k (1-based) is 2^(-k/2).
        var slopes = Architecture.Load(PathOf("bloom-560m")).AlibiSlopes();
        Assert.Equal(16, slopes.Length);
        for (int k = 1; k <= 16; k++)
            Assert.Equal(Math.Pow(2, -k / 2.0), slopes[k - 1], 15);
    }

    [Fact]
    public void Pythia_rotary_frequencies_run_over_the_16_rotated_dims_not_the_head()
    {
        var inverse = Architecture.Load(PathOf("pythia-410m")).RotaryInverseFrequencies();
        Assert.Equal(8, inverse.Length);
        Assert.Equal(1.0, inverse[0]);
        Assert.Equal(Math.Pow(10000, -14.0 / 16), inverse[7], 15);
    }
}
