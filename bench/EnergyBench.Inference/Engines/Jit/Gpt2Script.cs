using TorchSharp;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Jit;

/// <summary>
/// GPT-2 with a KV cache as TorchScript source, compiled by libtorch's JIT. It calls the same ATen operators as the
/// eager modules (embedding, layer_norm, linear, gelu tanh, scaled_dot_product_attention), so both engines do the same
/// arithmetic. The script has no imports (the compiler knows <c>torch</c>, <c>List</c> and <c>Tensor</c> only; dtypes such as torch.bool
/// cannot be named), and a
/// semantic error in it aborts the process, so it is compiled by the tests on every change.
/// </summary>
internal static class Gpt2Script
{
    public const string StepFunction = "step";

    /// <summary>Weights per layer, in the order <see cref="Source"/> indexes them.</summary>
    public static readonly string[] LayerWeights =
    [
        "ln_1.weight", "ln_1.bias", "c_attn.weight", "c_attn.bias", "attn_proj.weight", "attn_proj.bias",
        "ln_2.weight", "ln_2.bias", "c_fc.weight", "c_fc.bias", "mlp_proj.weight", "mlp_proj.bias",
    ];

    // step(ids [1, S], weights, cache [k0, v0, k1, v1, ...] each [1, H, past, D], heads, eps)
    //   -> [logits of the last position [V], k0', v0', ...] with the new keys and values appended.
    // weights = wte, wpe, the layers' LayerWeights (linear weights [out, in]), ln_f.weight, ln_f.bias.
    public const string Source = """
        def attend(q: Tensor, k: Tensor, v: Tensor, past: int) -> Tensor:
            length = q.size(2)
            if past == 0:
                return torch.scaled_dot_product_attention(q, k, v, is_causal=length > 1)
            if length == 1:
                return torch.scaled_dot_product_attention(q, k, v)
            total = k.size(2)
            mask = torch.ones([length, total], device=q.device).tril(total - length) > 0
            return torch.scaled_dot_product_attention(q, k, v, attn_mask=mask)

        def heads_first(x: Tensor, heads: int) -> Tensor:
            return x.view(x.size(0), x.size(1), heads, x.size(2) // heads).transpose(1, 2)

        def step(ids: Tensor, weights: List[Tensor], cache: List[Tensor], heads: int, eps: float) -> List[Tensor]:
            layers = len(cache) // 2
            past = cache[0].size(2)
            length = ids.size(1)
            positions = torch.arange(past, past + length, device=ids.device).unsqueeze(0)
            x = torch.embedding(weights[0], ids) + torch.embedding(weights[1], positions)
            d = x.size(2)
            result: List[Tensor] = []
            for layer in range(layers):
                w = 2 + 12 * layer
                h = torch.layer_norm(x, [d], weights[w], weights[w + 1], eps)
                qkv = torch.linear(h, weights[w + 2], weights[w + 3]).split(d, 2)
                q = heads_first(qkv[0], heads)
                k = torch.cat([cache[2 * layer], heads_first(qkv[1], heads)], 2)
                v = torch.cat([cache[2 * layer + 1], heads_first(qkv[2], heads)], 2)
                result.append(k)
                result.append(v)
                a = attend(q, k, v, past).transpose(1, 2).reshape(x.size(0), length, d)
                x = x + torch.linear(a, weights[w + 4], weights[w + 5])
                h = torch.layer_norm(x, [d], weights[w + 6], weights[w + 7], eps)
                m = torch.gelu(torch.linear(h, weights[w + 8], weights[w + 9]), approximate='tanh')
                x = x + torch.linear(m, weights[w + 10], weights[w + 11])
            n = len(weights)
            last = torch.layer_norm(x[:, -1, :], [d], weights[n - 2], weights[n - 1], eps)
            logits = torch.linear(last, weights[0])
            return [logits[0]] + result
        """;

    // The parser wants the last line ended.
    public static jit.CompilationUnit Compile() => jit.compile(Source + "\n");
}
