using EnergyBench.Models.Architectures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// LayerNorm (weight and bias) or RMSNorm (weight only; Gemma's 1 + w is already in the canonical weight) over the
/// hidden dim. RMSNorm computes in float32 as Hugging Face does: <c>(x * rsqrt(mean(x^2) + eps)).to(dtype) * w</c>.
/// </summary>
internal sealed class TorchNorm : nn.Module
{
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] _shape;
    private readonly double _epsilon;

    // Kept alive for the model's lifetime (see TorchRuntime.One for why no temporary Scalars).
    private readonly Scalar _epsilonScalar;

    public TorchNorm(ArchitectureConfig config) : base("norm")
    {
        weight = new Parameter(empty(config.Hidden), requires_grad: false);
        if (config.NormHasBias)
            bias = new Parameter(empty(config.Hidden), requires_grad: false);
        _shape = [config.Hidden];
        _epsilon = config.NormEpsilon;
        _epsilonScalar = config.NormEpsilon;
        RegisterComponents();
    }

    public Tensor Forward(Tensor x)
    {
        if (bias is not null)
            return nn.functional.layer_norm(x, _shape, weight, bias, _epsilon);
        var wide = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var normalized = wide.mul(wide.mul(wide).mean([-1], keepdim: true).add(_epsilonScalar, TorchRuntime.One).rsqrt());
        return normalized.type_as(x).mul(weight);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _epsilonScalar.Dispose();
        base.Dispose(disposing);
    }
}
