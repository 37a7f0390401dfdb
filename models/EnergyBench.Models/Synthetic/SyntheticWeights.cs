using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;
using EnergyBench.Models.Weights;

namespace EnergyBench.Models.Synthetic;

/// <summary>
/// Seeded weights, per Hugging Face tensor, that behave like a model rather than noise. An initialisation like
/// GPT-2's own (N(0, 0.02)) gives a residual stream dominated by the token embedding, nearly uniform attention and
/// nearly flat logits: greedy decoding then repeats one token, and the fp32 rounding differences between engines
/// decide close races, so two correct engines disagree. So: linear weights are N(0, (2 / sqrt(fan_in))^2), which
/// makes attention peaked and the blocks, not the embedding, drive the next token; embedding and head rows get
/// log-normal norms (exp(0.35 z)), which spreads the top of the output head; and the final norm is scaled so logits
/// are O(1) to O(10). BLOOM's LayerNorm after the embedding would lift every embedding to unit scale, so the token
/// itself outweighs the blocks and greedy decoding repeats it; its weight keeps the embedding at the 0.02 scale
/// instead. Norms and biases are random too, so a dropped bias or a swapped norm parameter changes the
/// output and the engine-agreement tests catch it. Each tensor's values come from its own stream (seed and name), and
/// the kind of a tensor from the canonical weight it feeds, so every architecture gets the same treatment; Gemma's
/// stored norm weights are offsets and sit around 0.
/// </summary>
public sealed class SyntheticWeights
{
    public const double InitStd = 0.02;
    public const double EmbeddingRowLogScale = 0.35;
    public const double BlockGain = 2.0;

    private readonly ArchitectureConfig _config;
    private readonly ulong _seed;
    private readonly Dictionary<string, (string Canonical, long FanIn)> _roles = new(StringComparer.Ordinal);

    public SyntheticWeights(ArchitectureConfig config, ulong seed)
    {
        _config = config;
        _seed = seed;
        var canonical = CanonicalWeights.For(config).ToDictionary(w => w.Name);
        foreach (var (name, source) in Architecture.For(config.ModelType, "config.json").Sources(config))
            foreach (var stored in source.Stored)
                _roles[stored.Name] = (name, canonical[name].Shape.Length > 1 ? canonical[name].Shape[1] : 1);
    }

    /// <summary>The Hugging Face tensors to write, in checkpoint order.</summary>
    public IReadOnlyList<TensorSpec> Tensors => Architecture.For(_config.ModelType, "config.json").StoredTensors(_config);

    public void Fill(TensorSpec spec, Span<float> data)
    {
        var random = DeterministicRandom.ForStream(_seed, spec.Name);
        var (canonical, fanIn) = _roles[spec.Name];
        double offset = _config.Norm == NormKind.GemmaRmsNorm ? -1 : 0; // Gemma stores w for a norm that multiplies by 1 + w
        double finalScale = 1.0 / (InitStd * Math.Sqrt(_config.Hidden));

        if (canonical is CanonicalWeights.Embedding or CanonicalWeights.Head)
            FillRows(random, data, (int)spec.Shape[^1]);
        else if (canonical == CanonicalWeights.PositionEmbedding)
            Normal(random, data, 0, InitStd / 2);
        else if (canonical == CanonicalWeights.EmbeddingNormWeight)
            Normal(random, data, InitStd, InitStd / 10);
        else if (canonical == CanonicalWeights.EmbeddingNormBias)
            Normal(random, data, 0, InitStd / 20);
        else if (canonical == CanonicalWeights.FinalNormWeight)
            Normal(random, data, finalScale + offset, 0.1 * finalScale);
        else if (canonical.EndsWith("norm.weight", StringComparison.Ordinal))
            Normal(random, data, 1.0 + offset, 0.1);
        else if (canonical.EndsWith("norm.bias", StringComparison.Ordinal))
            Normal(random, data, 0, 0.05);
        else if (canonical.EndsWith(".weight", StringComparison.Ordinal))
            Normal(random, data, 0, BlockGain / Math.Sqrt(fanIn));
        else
            Normal(random, data, 0, InitStd);
    }

    private static void FillRows(DeterministicRandom random, Span<float> data, int rowLength)
    {
        for (int row = 0; row < data.Length / rowLength; row++)
        {
            double scale = InitStd * Math.Exp(EmbeddingRowLogScale * random.NextNormal());
            Span<float> slice = data.Slice(row * rowLength, rowLength);
            for (int i = 0; i < rowLength; i++)
                slice[i] = (float)(scale * random.NextNormal());
        }
    }

    private static void Normal(DeterministicRandom random, Span<float> data, double mean, double std)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)(mean + std * random.NextNormal());
    }
}
