using EnergyBench.Models.Architectures;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>The output head: its own weight, or the token embedding's when tied (used unscaled), and an optional bias.</summary>
internal sealed class TorchHead : nn.Module
{
    private readonly Parameter? weight;
    private readonly Parameter? bias;

    public TorchHead(ArchitectureConfig config) : base("head")
    {
        if (!config.TiedHead)
            weight = new Parameter(empty(config.VocabSize, config.Hidden), requires_grad: false);
        if (config.HeadBias)
            bias = new Parameter(empty(config.VocabSize), requires_grad: false);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor embedding) => nn.functional.linear(x, weight ?? embedding, bias);
}
