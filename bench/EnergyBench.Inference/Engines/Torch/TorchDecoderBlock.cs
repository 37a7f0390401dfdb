using EnergyBench.Models.Architectures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// One decoder block as its description asks: attention over the KV cache (fused q, k, v; rotary or not; grouped KV
/// heads), an MLP (plain or gated, with its activation), joined to the residual stream sequentially or in parallel.
/// Its parameters are named like the canonical per-layer weights (<c>attn_norm</c>, <c>qkv</c>, <c>o</c>,
/// <c>mlp_norm</c>, <c>gate</c>, <c>up</c>, <c>down</c>); absent parts are null.
/// </summary>
internal sealed class TorchDecoderBlock : nn.Module
{
    private readonly TorchNorm attn_norm;
    private readonly TorchNorm? mlp_norm;
    private readonly Linear qkv, o, up, down;
    private readonly Linear? gate;

    private readonly ArchitectureConfig _config;
    private readonly int _layer;
    private readonly long[] _qkvWidths;
    private readonly Func<Tensor, Tensor> _activate;

    // The layer's factor on q beyond SDPA's own 1/sqrt(head dim), when it has one (codeparrot's inverse layer
    // index); TorchSharp's SDPA takes no scale. Kept alive for the model's lifetime (see TorchRuntime.One).
    private readonly Scalar? _queryScale;

    public TorchDecoderBlock(ArchitectureConfig config, int layer) : base("block")
    {
        _config = config;
        _layer = layer;
        int hidden = config.Hidden, inner = config.Inner;
        attn_norm = new TorchNorm(config);
        qkv = nn.Linear(hidden, config.QueryWidth + 2 * config.KvWidth, hasBias: config.QkvBias);
        o = nn.Linear(config.QueryWidth, hidden, hasBias: config.OutputBias);
        if (config.Residual != ResidualKind.ParallelSharedNorm)
            mlp_norm = new TorchNorm(config);
        if (config.GatedMlp)
            gate = nn.Linear(hidden, inner, hasBias: false);
        up = nn.Linear(hidden, inner, hasBias: config.MlpBias);
        down = nn.Linear(inner, hidden, hasBias: config.MlpBias);
        RegisterComponents();

        _qkvWidths = [config.QueryWidth, config.KvWidth, config.KvWidth];
        _activate = ActivationFunction(config.Activation);
        double queryScale = config.AttentionScale(layer) * Math.Sqrt(config.HeadDim);
        if (Math.Abs(queryScale - 1) > 1e-12)
            _queryScale = queryScale;
    }

    public Tensor Forward(Tensor x, StepInputs step, KvCache cache)
    {
        var normalized = attn_norm.Forward(x);
        var attention = Attention(normalized, step, cache);
        if (_config.Residual == ResidualKind.Sequential)
        {
            x = TorchRuntime.Add(x, attention);
            return TorchRuntime.Add(x, Mlp(mlp_norm!.Forward(x)));
        }
        var mlpInput = mlp_norm is null ? normalized : mlp_norm.Forward(x);
        return TorchRuntime.Add(TorchRuntime.Add(x, attention), Mlp(mlpInput));
    }

    private Tensor Attention(Tensor x, StepInputs step, KvCache cache)
    {
        long batch = x.shape[0], length = x.shape[1];
        var parts = qkv.forward(x).split(_qkvWidths, dim: 2);
        var q = Heads(parts[0], batch, length, _config.Heads);
        var k = Heads(parts[1], batch, length, _config.KvHeads);
        var v = Heads(parts[2], batch, length, _config.KvHeads);
        if (step.Cos is not null)
        {
            q = Rotate(q, step.Cos, step.Sin!);
            k = Rotate(k, step.Cos, step.Sin!);
        }
        if (_queryScale is not null)
            q = q.mul(_queryScale);
        (k, v) = cache.Append(_layer, k, v);

        // Grouped KV heads: the queries of a group, consecutive heads, stacked per KV head (see StepInputs.Mask).
        bool grouped = _config.KvHeads != _config.Heads;
        if (grouped)
            q = q.reshape(batch, _config.KvHeads, -1, _config.HeadDim);
        var context = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: step.Mask, is_casual: step.Causal);
        if (grouped)
            context = context.reshape(batch, _config.Heads, length, _config.HeadDim);
        return o.forward(context.transpose(1, 2).reshape(batch, length, _config.QueryWidth));
    }

    private Tensor Mlp(Tensor x)
    {
        var inner = gate is null ? _activate(up.forward(x)) : _activate(gate.forward(x)).mul(up.forward(x));
        return down.forward(inner);
    }

    /// <summary>[batch, length, heads x head dim] -> [batch, heads, length, head dim].</summary>
    private Tensor Heads(Tensor x, long batch, long length, int heads) => x.view(batch, length, heads, _config.HeadDim).transpose(1, 2);

    /// <summary>rotate_half on the first rotary dims of each head (x cos + rotate_half(x) sin); the rest passes through.</summary>
    private static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        long dims = cos.shape[^1], half = dims / 2, headDim = x.shape[3];
        var rotary = x.narrow(3, 0, dims);
        var turned = cat([rotary.narrow(3, half, half).neg(), rotary.narrow(3, 0, half)], 3);
        var rotated = TorchRuntime.Add(rotary.mul(cos), turned.mul(sin));
        return dims == headDim ? rotated : cat([rotated, x.narrow(3, dims, headDim - dims)], 3);
    }

    private static Func<Tensor, Tensor> ActivationFunction(Activation activation) => activation switch
    {
        Activation.GeluTanh => x => x.gelu(GELU.Approximate.tanh),
        Activation.GeluErf => x => x.gelu(),
        Activation.Silu => x => x.silu(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "no such activation"),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _queryScale?.Dispose();
        base.Dispose(disposing);
    }
}
