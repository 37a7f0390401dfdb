using EnergyBench.Models.Architectures;
using TorchSharp;
using static EnergyBench.Models.Weights.CanonicalWeights;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Jit;

/// <summary>
/// Every decoder the descriptions make, with a KV cache, as one TorchScript source compiled by libtorch's JIT; the
/// description picks its branches through the step's arguments (<see cref="Arguments"/>). It calls the same ATen
/// operators, in the same order, as the eager modules (Engines/Torch), so both engines do the same arithmetic. The
/// script has no imports (the compiler knows <c>torch</c>, <c>List</c>, <c>Optional</c> and <c>Tensor</c>; dtypes
/// such as torch.bool cannot be named), and a semantic error in it aborts the process, so the tests compile it on
/// every change.
/// </summary>
public static class DecoderScript
{
    public const string StepFunction = "step";

    /// <summary>The model's weights at the head of the list, by canonical name; <see cref="Head"/> is the embedding when tied.</summary>
    public static readonly string[] ModelSlots =
        [Embedding, PositionEmbedding, EmbeddingNormWeight, EmbeddingNormBias, FinalNormWeight, FinalNormBias, Head, HeadBias];

    /// <summary>Each layer's weights after them, by canonical part name; a bias directly follows its weight.</summary>
    public static readonly string[] LayerSlots =
    [
        Part.AttentionNormWeight, Part.AttentionNormBias, Part.Qkv, Part.QkvBias, Part.Output, Part.OutputBias,
        Part.MlpNormWeight, Part.MlpNormBias, Part.Up, Part.UpBias, Part.Gate, Part.Down, Part.DownBias,
    ];

    /// <summary>The canonical names of the weight list in the order the script indexes it.</summary>
    public static IEnumerable<string> WeightSlots(int layers) =>
        [.. ModelSlots, .. Enumerable.Range(0, layers).SelectMany(layer => LayerSlots.Select(part => Layer(layer, part)))];

    /// <summary>
    /// The step's arguments after ids, weights, cache, past, tables and padded, from the description: heads, kv_heads,
    /// rms_norm, eps (a Scalar the caller keeps alive, see TorchRuntime.One), positions, activation, gated_mlp, residual,
    /// embedding_norm, embedding_scale, qkv_bias, output_bias, mlp_bias, head_bias, inverse_layer_scale.
    /// </summary>
    public static object[] Arguments(ArchitectureConfig config, Scalar epsilon) =>
    [
        config.Heads, config.KvHeads, config.Norm != NormKind.LayerNorm, epsilon,
        config.Positions switch { PositionKind.Learned => 0, PositionKind.Rotary => 1, _ => 2 },
        config.Activation switch { Activation.GeluTanh => 0, Activation.GeluErf => 1, _ => 2 },
        config.GatedMlp,
        config.Residual switch { ResidualKind.Sequential => 0, ResidualKind.ParallelSharedNorm => 1, _ => 2 },
        config.EmbeddingNorm, config.EmbeddingScale != 1.0, config.QkvBias, config.OutputBias, config.MlpBias,
        config.HeadBias, config.ScaleAttentionByInverseLayer,
    ];

    // step(ids [B, S], weights, cache [k0, v0, k1, v1, ...] each [B, KV heads, max positions, head dim], past, tables,
    //   padded, *Arguments) -> logits of each row's last position [B, V]; the step's keys and values are written into
    //   the cache at positions past .. past + S - 1 (KvCache's buffers).
    // padded: empty without padding, else a left-padded batch's StepInputs.ForBatch: [positions [B, S], rotary cos,
    //   rotary sin (placeholders without rotary), mask], which number each row's tokens apart.
    // weights: WeightSlots, linear weights [out, in]; an absent weight is a placeholder the flags never read.
    // tables: DecoderTables.All = [rotary cos, rotary sin, ALiBi bias, -inf, embedding scale], absent ones placeholders.
    // positions: 0 learned, 1 rotary, 2 ALiBi. activation: 0 tanh GELU, 1 erf GELU, 2 SiLU.
    // residual: 0 sequential, 1 parallel with the attention norm shared, 2 parallel with two norms.
    // inverse_layer_scale: q is also divided by (layer + 1), ArchitectureConfig.AttentionScale's GPT-2 factor; SDPA
    //   applies the 1/sqrt(head dim) itself.
    public const string Source = """
        def norm(x: Tensor, weight: Tensor, bias: Tensor, rms: bool, eps: float) -> Tensor:
            if rms:
                wide = x.float()
                normalized = wide * torch.rsqrt((wide * wide).mean(-1, keepdim=True) + eps)
                return normalized.type_as(x) * weight
            return torch.layer_norm(x, [x.size(-1)], weight, bias, eps)

        def linear(x: Tensor, weights: List[Tensor], w: int, bias: bool) -> Tensor:
            if bias:
                return torch.linear(x, weights[w], weights[w + 1])
            return torch.linear(x, weights[w])

        def activate(x: Tensor, activation: int) -> Tensor:
            if activation == 0:
                return torch.gelu(x, approximate='tanh')
            if activation == 1:
                return torch.gelu(x)
            return torch.silu(x)

        def mlp(x: Tensor, weights: List[Tensor], w: int, gated: bool, bias: bool, activation: int) -> Tensor:
            if gated:
                inner = activate(torch.linear(x, weights[w + 10]), activation) * linear(x, weights, w + 8, bias)
            else:
                inner = activate(linear(x, weights, w + 8, bias), activation)
            return linear(inner, weights, w + 11, bias)

        def heads_first(x: Tensor, batch: int, length: int, heads: int, head_dim: int) -> Tensor:
            return x.view(batch, length, heads, head_dim).transpose(1, 2)

        def rotate(x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
            dims = cos.size(-1)
            half = dims // 2
            head_dim = x.size(3)
            rotary = x.narrow(3, 0, dims)
            turned = torch.cat([-rotary.narrow(3, half, half), rotary.narrow(3, 0, half)], 3)
            rotated = rotary * cos + turned * sin
            if dims == head_dim:
                return rotated
            return torch.cat([rotated, x.narrow(3, dims, head_dim - dims)], 3)

        def visible_keys(past: int, length: int, like: Tensor) -> Tensor:
            total = past + length
            return torch.ones([length, total], device=like.device).tril(total - length) > 0

        def attention_mask(tables: List[Tensor], alibi: bool, past: int, length: int, groups: int, kv_heads: int, like: Tensor) -> Tensor:
            if not alibi:
                visible = visible_keys(past, length, like)
                if groups > 1:
                    return visible.repeat(groups, 1)
                return visible
            total = past + length
            bias = tables[2].narrow(2, 0, total)
            if length > 1:
                bias = torch.where(visible_keys(past, length, like), bias, tables[3])
            if groups > 1:
                bias = bias.reshape(kv_heads, groups * length, total)
            return bias

        def step(ids: Tensor, weights: List[Tensor], cache: List[Tensor], past: int, tables: List[Tensor], padded: List[Tensor],
                 heads: int, kv_heads: int, rms_norm: bool, eps: float, positions: int, activation: int,
                 gated_mlp: bool, residual: int, embedding_norm: bool, embedding_scale: bool, qkv_bias: bool,
                 output_bias: bool, mlp_bias: bool, head_bias: bool, inverse_layer_scale: bool) -> Tensor:
            layers = len(cache) // 2
            batch = ids.size(0)
            length = ids.size(1)
            head_dim = cache[0].size(3)
            groups = heads // kv_heads
            is_padded = len(padded) > 0
            x = torch.embedding(weights[0], ids)
            if embedding_scale:
                x = x * tables[4]
            if positions == 0:
                if is_padded:
                    x = x + torch.embedding(weights[1], padded[0])
                else:
                    x = x + torch.embedding(weights[1], torch.arange(past, past + length, device=ids.device).unsqueeze(0))
            if embedding_norm:
                x = norm(x, weights[2], weights[3], rms_norm, eps)
            cos = tables[0]
            sin = tables[1]
            if positions == 1:
                if is_padded:
                    cos = padded[1]
                    sin = padded[2]
                else:
                    cos = cos.narrow(0, past, length)
                    sin = sin.narrow(0, past, length)
            alibi = positions == 2
            causal = False
            mask: Optional[Tensor] = None
            if is_padded:
                mask = padded[3]
            elif alibi or length > 1:
                if not alibi and past == 0 and groups == 1:
                    causal = True
                else:
                    mask = attention_mask(tables, alibi, past, length, groups, kv_heads, cache[0])
            sizes = [heads * head_dim, kv_heads * head_dim, kv_heads * head_dim]
            for layer in range(layers):
                w = 8 + 13 * layer
                h = norm(x, weights[w], weights[w + 1], rms_norm, eps)
                qkv = linear(h, weights, w + 2, qkv_bias).split(sizes, 2)
                q = heads_first(qkv[0], batch, length, heads, head_dim)
                k = heads_first(qkv[1], batch, length, kv_heads, head_dim)
                v = heads_first(qkv[2], batch, length, kv_heads, head_dim)
                if positions == 1:
                    q = rotate(q, cos, sin)
                    k = rotate(k, cos, sin)
                if inverse_layer_scale:
                    q = q * (1.0 / (layer + 1))
                keys = cache[2 * layer]
                values = cache[2 * layer + 1]
                keys.narrow(2, past, length).copy_(k)
                values.narrow(2, past, length).copy_(v)
                k = keys.narrow(2, 0, past + length)
                v = values.narrow(2, 0, past + length)
                if groups > 1:
                    q = q.reshape(batch, kv_heads, groups * length, head_dim)
                a = torch.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
                if groups > 1:
                    a = a.reshape(batch, heads, length, head_dim)
                a = linear(a.transpose(1, 2).reshape(batch, length, heads * head_dim), weights, w + 4, output_bias)
                if residual == 0:
                    x = x + a
                    x = x + mlp(norm(x, weights[w + 6], weights[w + 7], rms_norm, eps), weights, w, gated_mlp, mlp_bias, activation)
                else:
                    if residual == 2:
                        h = norm(x, weights[w + 6], weights[w + 7], rms_norm, eps)
                    x = x + a + mlp(h, weights, w, gated_mlp, mlp_bias, activation)
            last = norm(x[:, -1, :], weights[4], weights[5], rms_norm, eps)
            return linear(last, weights, 6, head_bias)
        """;

    // The parser wants the last line ended.
    public static jit.CompilationUnit Compile() => jit.compile(Source + "\n");
}
