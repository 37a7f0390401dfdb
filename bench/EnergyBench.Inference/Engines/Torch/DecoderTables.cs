using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// The constant tensors a description adds to its weights, made once per model in its dtype and on its device: rotary
/// cos and sin per position, the ALiBi bias per head and key position, the embedding scale. Absent parts are null.
/// </summary>
internal sealed class DecoderTables : IDisposable
{
    private DecoderTables(ArchitectureConfig config, ScalarType dtype, Device device)
    {
        Tensor Table(float[] values, params long[] shape) => tensor(values, shape, dtype: ScalarType.Float32).to(dtype, device);
        int positions = config.MaxPositions;
        if (config.Positions == PositionKind.Rotary)
        {
            var (cos, sin) = Rotary(config);
            Cos = Table(cos, positions, config.RotaryDims);
            Sin = Table(sin, positions, config.RotaryDims);
        }
        if (config.Positions == PositionKind.Alibi)
        {
            Alibi = Table(AlibiBias(config), config.Heads, 1, positions);
            MinusInfinity = Table([float.NegativeInfinity]).reshape([]);
        }
        if (config.EmbeddingScale != 1.0)
            EmbeddingScale = Table([(float)config.EmbeddingScale]).reshape([]);
    }

    /// <summary>[max positions, rotary dims]: cos and sin of position x inv_freq, the frequencies repeated once
    /// (cat(freqs, freqs)) as rotate_half pairs dim i with dim i + rotary dims / 2.</summary>
    public Tensor? Cos { get; }

    public Tensor? Sin { get; }

    /// <summary>[heads, 1, max positions]: slope of the head times the key's position.</summary>
    public Tensor? Alibi { get; }

    /// <summary>The additive mask value of a hidden key, as a 0-dim tensor (no temporary Scalar on the hot path).</summary>
    public Tensor? MinusInfinity { get; }

    /// <summary>0-dim, rounded to the model's dtype as Hugging Face rounds Gemma's normalizer.</summary>
    public Tensor? EmbeddingScale { get; }

    public static DecoderTables Create(ArchitectureConfig config, ScalarType dtype, Device device)
    {
        using var _ = NewDisposeScope();
        var tables = new DecoderTables(config, dtype, device);
        foreach (var table in tables.All)
            table?.MoveToOuterDisposeScope();
        return tables;
    }

    /// <summary>Every slot, absent ones as null, in a fixed order.</summary>
    public Tensor?[] All => [Cos, Sin, Alibi, MinusInfinity, EmbeddingScale];

    public void Dispose()
    {
        foreach (var table in All)
            table?.Dispose();
    }

    /// <summary>Angles in float32 (position times inv_freq), as Hugging Face computes them, then cos and sin.</summary>
    private static (float[] Cos, float[] Sin) Rotary(ArchitectureConfig config)
    {
        var inverse = config.RotaryInverseFrequencies().Select(f => (float)f).ToArray();
        int dims = config.RotaryDims, half = dims / 2;
        var cos = new float[config.MaxPositions * dims];
        var sin = new float[cos.Length];
        for (int p = 0; p < config.MaxPositions; p++)
            for (int i = 0; i < dims; i++)
            {
                float angle = p * inverse[i % half];
                cos[p * dims + i] = (float)Math.Cos(angle);
                sin[p * dims + i] = (float)Math.Sin(angle);
            }
        return (cos, sin);
    }

    private static float[] AlibiBias(ArchitectureConfig config)
    {
        var slopes = config.AlibiSlopes();
        var bias = new float[config.Heads * config.MaxPositions];
        for (int h = 0; h < config.Heads; h++)
            for (int j = 0; j < config.MaxPositions; j++)
                bias[h * config.MaxPositions + j] = (float)slopes[h] * j;
        return bias;
    }
}
