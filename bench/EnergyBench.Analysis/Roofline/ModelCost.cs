using EnergyBench.Models.Architectures;

namespace EnergyBench.Analysis.Roofline;

/// <summary>
/// What a model costs the hardware at batch 1: the bytes one decode step reads (every weight once, the KV cache so far)
/// and the floating-point operations of a prefill. Weights and cache are counted at <see cref="BytesPerValue"/> (4 for fp32).
/// </summary>
/// <param name="WeightsReadPerToken">
/// Weights one token reads: all of them except lookup tables (an untied token embedding, a learned position table), of
/// which a step reads one row. A tied head reads the whole embedding anyway.
/// </param>
/// <param name="MatmulWeights">Weights that multiply every token's activations (all but lookup tables; norms and biases included, they are tiny).</param>
/// <param name="HeadWeights">The head's weights (vocab x hidden): prefill needs the last position's logits only.</param>
/// <param name="KvValuesPerPosition">Keys and values one position adds to the cache, over all layers.</param>
/// <param name="AttentionWidth">Layers x query width: q.k and a.v each do that many multiply-adds per attended position.</param>
public sealed record ModelCost(long WeightsReadPerToken, long MatmulWeights, long HeadWeights, long KvValuesPerPosition, long AttentionWidth, int BytesPerValue)
{
    public const int Fp32Bytes = 4;

    public static ModelCost Of(ArchitectureConfig config, int bytesPerValue = Fp32Bytes)
    {
        long hidden = config.Hidden;
        long tokenTable = config.TiedHead ? 0 : config.VocabSize * hidden;
        long positionTable = config.Positions == PositionKind.Learned ? config.MaxPositions * hidden : 0;
        long rowsRead = (tokenTable > 0 ? hidden : 0) + (positionTable > 0 ? hidden : 0);
        long matmul = config.ParameterCount - tokenTable - positionTable;
        return new ModelCost(matmul + rowsRead, matmul, config.VocabSize * hidden, 2L * config.Layers * config.KvWidth,
            (long)config.Layers * config.QueryWidth, bytesPerValue);
    }

    public long WeightBytesPerToken => WeightsReadPerToken * BytesPerValue;
    public long KvBytesPerPosition => KvValuesPerPosition * BytesPerValue;

    /// <summary>Bytes a decode step reads when the cache holds <paramref name="context"/> positions (the new one included).</summary>
    public double DecodeBytes(double context) => WeightBytesPerToken + KvBytesPerPosition * context;

    /// <summary>
    /// FLOPs of a prefill of <paramref name="promptTokens"/> tokens: 2 per multiply-add, every matmul weight per token
    /// except the head's (one position), plus causal attention: position i attends to i positions in q.k and in a.v,
    /// 2 x 2 x width x (1 + ... + n) = 2 x width x n (n + 1).
    /// </summary>
    public double PrefillFlops(int promptTokens)
    {
        double n = promptTokens;
        return 2.0 * (MatmulWeights - HeadWeights) * n + 2.0 * HeadWeights + 2.0 * AttentionWidth * n * (n + 1);
    }
}
