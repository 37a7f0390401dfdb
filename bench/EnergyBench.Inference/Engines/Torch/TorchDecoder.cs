using System.Runtime.InteropServices;
using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// A decoder-only model built from its <see cref="ArchitectureConfig"/> as TorchSharp modules: token embedding (scaled,
/// plus learned positions, then normalised, as described), the blocks, a final norm and the head (tied to the
/// embedding or its own, with or without a bias). Parameter names are the canonical weight names
/// (<see cref="CanonicalWeights"/>), so loading reads each parameter by its own name and the TorchScript engine finds
/// the same tensors by name.
/// </summary>
internal sealed class TorchDecoder : nn.Module
{
    private readonly Embedding embed;
    private readonly Embedding? positions;
    private readonly TorchNorm? embed_norm;
    private readonly ModuleList<TorchDecoderBlock> layers;
    private readonly TorchNorm final_norm;
    private readonly TorchHead head;
    private DecoderTables? _tables;

    private TorchDecoder(ArchitectureConfig config) : base("decoder")
    {
        Config = config;
        embed = nn.Embedding(config.VocabSize, config.Hidden);
        if (config.Positions == PositionKind.Learned)
            positions = nn.Embedding(config.MaxPositions, config.Hidden);
        if (config.EmbeddingNorm)
            embed_norm = new TorchNorm(config);
        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(layer => new TorchDecoderBlock(config, layer)).ToArray());
        final_norm = new TorchNorm(config);
        head = new TorchHead(config);
        RegisterComponents();
    }

    public ArchitectureConfig Config { get; }
    public ScalarType DType { get; private set; }
    public Device Device { get; private set; } = CPU;

    /// <summary>The per-model constants (rotary, ALiBi, embedding scale) in the model's dtype and on its device.</summary>
    public DecoderTables Tables => _tables ?? throw new InvalidOperationException("the model is not loaded");

    /// <summary>Reads the checkpoint into a new model in evaluation mode on <paramref name="device"/>.</summary>
    public static TorchDecoder Load(ModelDirectory directory, Device device, ScalarType dtype)
    {
        using var checkpoint = directory.OpenCheckpoint();
        var model = new TorchDecoder(checkpoint.Config);
        try
        {
            model.Load(checkpoint);
            model.to(dtype).to(device);
            model.eval();
            model.DType = dtype;
            model.Device = device;
            model._tables = DecoderTables.Create(model.Config, dtype, device);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public KvCache NewCache(int rows = 1) => new(Config.Kv, Config.MaxPositions, DType, Device, rows);

    /// <summary>
    /// Logits of each row's last position, [rows, vocab]. <paramref name="batch"/>, when given, holds the rows' mask
    /// and positions after this step's tokens (see <see cref="PaddedBatch"/>); without it the rows have no padding.
    /// </summary>
    public Tensor Forward(Tensor inputIds, KvCache cache, PaddedBatch? batch = null)
    {
        int length = (int)inputIds.shape[1], past = cache.Length;
        var step = batch is null ? StepInputs.For(Config, Tables, past, length, Device) : StepInputs.ForBatch(Config, Tables, batch, Device);
        var x = embed.forward(inputIds);
        if (Tables.EmbeddingScale is not null)
            x = x.mul(Tables.EmbeddingScale);
        if (positions is not null)
            x = TorchRuntime.Add(x, positions.forward(step.Positions ?? TorchRuntime.Positions(past, length, Device)));
        if (embed_norm is not null)
            x = embed_norm.Forward(x);
        for (int layer = 0; layer < layers.Count; layer++)
            x = layers[layer].Forward(x, step, cache);
        cache.Length += length;
        var last = final_norm.Forward(x[.., -1, ..]);
        return head.Forward(last, embed.weight!);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _tables?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Fills every parameter from the canonical weight of the same name; the two name sets must agree.</summary>
    private void Load(Checkpoint checkpoint)
    {
        var parameters = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var expected = checkpoint.Weights.Select(w => w.Name).ToList();
        if (!parameters.Keys.Order().SequenceEqual(expected.Order()))
            throw new InvalidOperationException($"the {Config.ModelType} modules have parameters [{string.Join(", ", parameters.Keys)}], " +
                                                $"its canonical weights are [{string.Join(", ", expected)}]");
        using var _ = no_grad();
        foreach (string name in expected)
            checkpoint.Read(name, MemoryMarshal.Cast<byte, float>(parameters[name].bytes));
    }
}
