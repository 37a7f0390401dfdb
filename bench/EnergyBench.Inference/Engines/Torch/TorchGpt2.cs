using System.Runtime.InteropServices;
using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;
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

    public Gpt2Block(ArchitectureConfig config) : base("block")
    {
        int d = config.Hidden;
        _heads = config.Heads;
        _headDim = config.HeadDim;
        ln_1 = nn.LayerNorm(d, config.NormEpsilon);
        c_attn = nn.Linear(d, 3 * d);
        attn_proj = nn.Linear(d, d);
        ln_2 = nn.LayerNorm(d, config.NormEpsilon);
        c_fc = nn.Linear(d, config.Inner);
        mlp_proj = nn.Linear(config.Inner, d);
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

    public void Load(Checkpoint checkpoint, int layer)
    {
        string L(string part) => CanonicalWeights.Layer(layer, part);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.AttentionNormWeight), ln_1.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.AttentionNormBias), ln_1.bias!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.Qkv), c_attn.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.QkvBias), c_attn.bias!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.Output), attn_proj.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.OutputBias), attn_proj.bias!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.MlpNormWeight), ln_2.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.MlpNormBias), ln_2.bias!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.Up), c_fc.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.UpBias), c_fc.bias!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.Down), mlp_proj.weight!);
        TorchWeights.Copy(checkpoint, L(CanonicalWeights.Part.DownBias), mlp_proj.bias!);
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

    public TorchGpt2(ArchitectureConfig config) : base("gpt2")
    {
        Config = config;
        wte = nn.Embedding(config.VocabSize, config.Hidden);
        wpe = nn.Embedding(config.MaxPositions, config.Hidden);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new Gpt2Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.Hidden, config.NormEpsilon);
        RegisterComponents();
    }

    public ArchitectureConfig Config { get; }

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

    public void Load(Checkpoint checkpoint)
    {
        TorchWeights.Copy(checkpoint, CanonicalWeights.Embedding, wte.weight!);
        TorchWeights.Copy(checkpoint, CanonicalWeights.PositionEmbedding, wpe.weight!);
        for (int layer = 0; layer < h.Count; layer++)
            h[layer].Load(checkpoint, layer);
        TorchWeights.Copy(checkpoint, CanonicalWeights.FinalNormWeight, ln_f.weight!);
        TorchWeights.Copy(checkpoint, CanonicalWeights.FinalNormBias, ln_f.bias!);
    }
}

/// <summary>Copies checkpoint tensors straight into parameter storage (CPU), without a managed copy of the model.</summary>
internal static class TorchWeights
{
    public static void Copy(Checkpoint checkpoint, string name, Tensor destination)
    {
        using var _ = torch.no_grad();
        checkpoint.Read(name, MemoryMarshal.Cast<byte, float>(destination.bytes));
    }
}
