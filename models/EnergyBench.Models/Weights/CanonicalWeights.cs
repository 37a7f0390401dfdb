using EnergyBench.Models.Architectures;
using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Weights;

/// <summary>
/// The weights every engine reads, in one layout for all architectures: linear weights [out, in]; q, k and v fused as
/// blocks <c>[Q (heads x head_dim) | K (kv heads x head_dim) | V]</c>; norm weights as they multiply (Gemma's 1 + w
/// already added). The <see cref="Architecture"/> of a model type says how each is made from its Hugging Face tensors.
/// A weight the description does not use (a bias it lacks, a position table under rotary) is not listed.
/// </summary>
public static class CanonicalWeights
{
    public const string Embedding = "embed.weight";
    public const string PositionEmbedding = "positions.weight";
    public const string EmbeddingNormWeight = "embed_norm.weight";
    public const string EmbeddingNormBias = "embed_norm.bias";
    public const string FinalNormWeight = "final_norm.weight";
    public const string FinalNormBias = "final_norm.bias";

    /// <summary>Only when the head is not tied to <see cref="Embedding"/>.</summary>
    public const string Head = "head.weight";

    public const string HeadBias = "head.bias";

    public static string Layer(int layer, string part) => $"layers.{layer}.{part}";

    /// <summary>Per-layer parts (see <see cref="Layer"/>).</summary>
    public static class Part
    {
        public const string AttentionNormWeight = "attn_norm.weight";
        public const string AttentionNormBias = "attn_norm.bias";
        public const string Qkv = "qkv.weight";
        public const string QkvBias = "qkv.bias";
        public const string Output = "o.weight";
        public const string OutputBias = "o.bias";

        /// <summary>Absent with <see cref="ResidualKind.ParallelSharedNorm"/>.</summary>
        public const string MlpNormWeight = "mlp_norm.weight";

        public const string MlpNormBias = "mlp_norm.bias";
        public const string Up = "up.weight";
        public const string UpBias = "up.bias";

        /// <summary>Only for a gated MLP.</summary>
        public const string Gate = "gate.weight";

        public const string Down = "down.weight";
        public const string DownBias = "down.bias";
    }

    /// <summary>Every weight the description uses, with its canonical shape, in a fixed order.</summary>
    public static IReadOnlyList<TensorSpec> For(ArchitectureConfig c)
    {
        long h = c.Hidden, inner = c.Inner, qkv = c.QueryWidth + 2 * c.KvWidth;
        var specs = new List<TensorSpec> { new(Embedding, [c.VocabSize, h]) };
        if (c.Positions == PositionKind.Learned)
            specs.Add(new(PositionEmbedding, [c.MaxPositions, h]));
        if (c.EmbeddingNorm)
            Norm(specs, c, EmbeddingNormWeight, EmbeddingNormBias);
        for (int i = 0; i < c.Layers; i++)
        {
            string L(string part) => Layer(i, part);
            Norm(specs, c, L(Part.AttentionNormWeight), L(Part.AttentionNormBias));
            specs.Add(new(L(Part.Qkv), [qkv, h]));
            if (c.QkvBias)
                specs.Add(new(L(Part.QkvBias), [qkv]));
            specs.Add(new(L(Part.Output), [h, c.QueryWidth]));
            if (c.OutputBias)
                specs.Add(new(L(Part.OutputBias), [h]));
            if (c.Residual != ResidualKind.ParallelSharedNorm)
                Norm(specs, c, L(Part.MlpNormWeight), L(Part.MlpNormBias));
            if (c.GatedMlp)
                specs.Add(new(L(Part.Gate), [inner, h]));
            specs.Add(new(L(Part.Up), [inner, h]));
            if (c.MlpBias)
                specs.Add(new(L(Part.UpBias), [inner]));
            specs.Add(new(L(Part.Down), [h, inner]));
            if (c.MlpBias)
                specs.Add(new(L(Part.DownBias), [h]));
        }
        Norm(specs, c, FinalNormWeight, FinalNormBias);
        if (!c.TiedHead)
            specs.Add(new(Head, [c.VocabSize, h]));
        if (c.HeadBias)
            specs.Add(new(HeadBias, [c.VocabSize]));
        return specs;
    }

    private static void Norm(List<TensorSpec> specs, ArchitectureConfig c, string weight, string bias)
    {
        specs.Add(new(weight, [c.Hidden]));
        if (c.NormHasBias)
            specs.Add(new(bias, [c.Hidden]));
    }
}
