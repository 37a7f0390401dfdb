namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// Switches that make the reference do one architecture quirk the naive (mostly GPT-2) way. A quirk test expects the
/// engines to match the true reference and to differ clearly from the naive one, which also proves the test model
/// exercises the quirk. Each switch applies only to the model types that have the quirk.
/// </summary>
public sealed record NaiveChoices
{
    public static NaiveChoices None { get; } = new();

    /// <summary>gpt_neox, bloom: the per-head interleaved q|k|v rows read as [Q | K | V] blocks.</summary>
    public bool FusedQkvAsBlocks { get; init; }

    /// <summary>gpt_bigcode: its nn.Linear weights [out, in] read as GPT-2's Conv1D [in, out].</summary>
    public bool LinearAsConv1D { get; init; }

    /// <summary>llama (grouped-query): query head h reads KV head h mod kv heads instead of h / group size.</summary>
    public bool KvHeadsTiled { get; init; }

    /// <summary>gpt_neox, phi: rotary on every head dim, frequencies over the head dim.</summary>
    public bool RotaryOverWholeHead { get; init; }

    /// <summary>gpt_neox, phi: rotary on the partial dims but with frequencies base^(-2i / head_dim).</summary>
    public bool RotaryFrequenciesOverHeadDim { get; init; }

    /// <summary>Every rotary type: adjacent pairs (2i, 2i + 1) rotated instead of rotate_half's (i, i + r/2).</summary>
    public bool RotaryInterleavedPairs { get; init; }

    /// <summary>bloom: slopes of the next power of two above the head count, cut to the head count.</summary>
    public bool AlibiSlopesOfNextPowerOfTwo { get; init; }

    /// <summary>bloom: the ALiBi bias scaled by 1/sqrt(head_dim) along with q.k.</summary>
    public bool AlibiScaled { get; init; }

    /// <summary>bloom: word_embeddings_layernorm left out.</summary>
    public bool NoEmbeddingNorm { get; init; }

    /// <summary>gpt_neox, phi: <c>y = x + attn(n1 x); y + mlp(n2 y)</c> instead of the parallel residual.</summary>
    public bool SequentialResidual { get; init; }

    /// <summary>gemma: RMSNorm multiplied by the stored w instead of 1 + w.</summary>
    public bool NormWeightWithoutOne { get; init; }

    /// <summary>gemma: the embedding not multiplied by sqrt(hidden).</summary>
    public bool NoEmbeddingScale { get; init; }

    /// <summary>gemma: the tied head multiplied by the scaled embedding.</summary>
    public bool HeadWithScaledEmbedding { get; init; }

    /// <summary>gpt2 (codeparrot): scale_attn_by_inverse_layer_idx ignored.</summary>
    public bool NoInverseLayerScaling { get; init; }
}
