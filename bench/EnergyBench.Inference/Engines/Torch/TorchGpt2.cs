using System.Runtime.InteropServices;
using EnergyBench.Models;
using EnergyBench.Models.Gpt2;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>The per-layer key and value tensors of one sequence, [1, heads, length, head_dim] each.</summary>
internal sealed class KvCache(int layers) : IDisposable
{
    public Tensor?[] Keys { get; } = new Tensor?[layers];
    public Tensor?[] Values { get; } = new Tensor?[layers];
    public int Length { get; set; }

    public void Dispose()
    {
        foreach (var tensor in Keys.Concat(Values))
            tensor?.Dispose();
    }
}

/// <summary>One GPT-2 block: pre-norm attention with a KV cache, then a GELU (tanh) MLP, each with a residual.</summary>
internal sealed class Gpt2Block : nn.Module
{
    private readonly LayerNorm ln_1, ln_2;
    private readonly Linear c_attn, attn_proj, c_fc, mlp_proj;
    private readonly GELU gelu = nn.GELU(GELU.Approximate.tanh);
    private readonly int _heads, _headDim;

    public Gpt2Block(Gpt2Config config) : base("block")
    {
        int d = config.NEmbd;
        _heads = config.NHead;
        _headDim = config.HeadDim;
        ln_1 = nn.LayerNorm(d, config.LayerNormEpsilon);
        c_attn = nn.Linear(d, 3 * d);
        attn_proj = nn.Linear(d, d);
        ln_2 = nn.LayerNorm(d, config.LayerNormEpsilon);
        c_fc = nn.Linear(d, config.InnerDim);
        mlp_proj = nn.Linear(config.InnerDim, d);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, KvCache cache, int layer)
    {
        long batch = x.shape[0], length = x.shape[1], d = x.shape[2];
        var qkv = c_attn.forward(ln_1.forward(x)).split(d, dim: 2);
        var q = Heads(qkv[0], batch, length);
        var k = Heads(qkv[1], batch, length);
        var v = Heads(qkv[2], batch, length);

        var past = cache.Keys[layer];
        if (past is not null)
        {
            k = torch.cat([past, k], 2);
            v = torch.cat([cache.Values[layer]!, v], 2);
        }
        Keep(ref cache.Keys[layer], k);
        Keep(ref cache.Values[layer], v);

        Tensor attention;
        if (past is null)
            attention = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: length > 1);
        else if (length == 1)
            attention = nn.functional.scaled_dot_product_attention(q, k, v);
        else
        {
            // New tokens after a past: query i (absolute position past + i) sees keys up to that position.
            long total = k.shape[2];
            var mask = torch.ones(length, total, dtype: ScalarType.Bool, device: x.device).tril(total - length);
            attention = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);
        }
        var merged = attention.transpose(1, 2).reshape(batch, length, d);
        x = TorchRuntime.Add(x, attn_proj.forward(merged));
        return TorchRuntime.Add(x, mlp_proj.forward(gelu.forward(c_fc.forward(ln_2.forward(x)))));
    }

    public void Load(Gpt2Checkpoint checkpoint, int layer)
    {
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Layer(layer, "ln_1.weight"), ln_1.weight!);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Layer(layer, "ln_1.bias"), ln_1.bias!);
        TorchWeights.CopyConv1D(checkpoint, Gpt2Tensors.Layer(layer, "attn.c_attn"), c_attn);
        TorchWeights.CopyConv1D(checkpoint, Gpt2Tensors.Layer(layer, "attn.c_proj"), attn_proj);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Layer(layer, "ln_2.weight"), ln_2.weight!);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Layer(layer, "ln_2.bias"), ln_2.bias!);
        TorchWeights.CopyConv1D(checkpoint, Gpt2Tensors.Layer(layer, "mlp.c_fc"), c_fc);
        TorchWeights.CopyConv1D(checkpoint, Gpt2Tensors.Layer(layer, "mlp.c_proj"), mlp_proj);
    }

    private Tensor Heads(Tensor x, long batch, long length) => x.view(batch, length, _heads, _headDim).transpose(1, 2);

    /// <summary>Keeps a cache tensor alive past the step's dispose scope and releases the one it replaces.</summary>
    private static void Keep(ref Tensor? slot, Tensor value)
    {
        var previous = slot;
        slot = value.MoveToOuterDisposeScope();
        previous?.Dispose();
    }
}

/// <summary>
/// GPT-2 (GPT2LMHeadModel) as TorchSharp modules: token and position embeddings, the blocks, a final layer norm and
/// the output head tied to the token embedding.
/// </summary>
internal sealed class TorchGpt2 : nn.Module
{
    private readonly Embedding wte, wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;

    public TorchGpt2(Gpt2Config config) : base("gpt2")
    {
        Config = config;
        wte = nn.Embedding(config.VocabSize, config.NEmbd);
        wpe = nn.Embedding(config.NPositions, config.NEmbd);
        h = nn.ModuleList(Enumerable.Range(0, config.NLayer).Select(_ => new Gpt2Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        RegisterComponents();
    }

    public Gpt2Config Config { get; }

    /// <summary>Reads the checkpoint into a new model in evaluation mode on <paramref name="device"/>.</summary>
    public static TorchGpt2 Load(ModelDirectory directory, Device device, ScalarType dtype)
    {
        using var checkpoint = directory.OpenCheckpoint();
        var model = new TorchGpt2(checkpoint.Config);
        model.Load(checkpoint);
        model.to(dtype).to(device);
        model.eval();
        return model;
    }

    /// <summary>Logits of the last position, [vocab].</summary>
    public Tensor Forward(Tensor inputIds, KvCache cache)
    {
        long length = inputIds.shape[1];
        var positions = TorchRuntime.Positions(cache.Length, (int)length, inputIds.device);
        var x = TorchRuntime.Add(wte.forward(inputIds), wpe.forward(positions));
        for (int layer = 0; layer < h.Count; layer++)
            x = h[layer].Forward(x, cache, layer);
        cache.Length += (int)length;
        var last = ln_f.forward(x[.., -1, ..]);
        return nn.functional.linear(last, wte.weight!)[0];
    }

    public void Load(Gpt2Checkpoint checkpoint)
    {
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Prefix + "wte.weight", wte.weight!);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Prefix + "wpe.weight", wpe.weight!);
        for (int layer = 0; layer < h.Count; layer++)
            h[layer].Load(checkpoint, layer);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Prefix + "ln_f.weight", ln_f.weight!);
        TorchWeights.Copy(checkpoint, Gpt2Tensors.Prefix + "ln_f.bias", ln_f.bias!);
    }
}

/// <summary>Copies checkpoint tensors straight into parameter storage (CPU), without a managed copy of the model.</summary>
internal static class TorchWeights
{
    public static void Copy(Gpt2Checkpoint checkpoint, string name, Tensor destination)
    {
        using var _ = torch.no_grad();
        checkpoint.ReadFloat32(name, MemoryMarshal.Cast<byte, float>(destination.bytes));
    }

    /// <summary>HF Conv1D stores weight [in, out]; nn.Linear wants [out, in].</summary>
    public static void CopyConv1D(Gpt2Checkpoint checkpoint, string prefix, Linear linear)
    {
        using var _ = torch.no_grad();
        var weight = linear.weight!;
        using var stored = torch.empty(weight.shape[1], weight.shape[0], dtype: ScalarType.Float32);
        checkpoint.ReadFloat32(prefix + ".weight", MemoryMarshal.Cast<byte, float>(stored.bytes));
        weight.copy_(stored.t());
        Copy(checkpoint, prefix + ".bias", linear.bias!);
    }
}
