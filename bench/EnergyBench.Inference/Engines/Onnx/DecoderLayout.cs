using EnergyBench.Models;
using EnergyBench.Models.Architectures;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>The names and shapes of an Optimum-style decoder with past, and the check that a model has them.</summary>
internal sealed record DecoderLayout(KvLayout Kv, int VocabSize, int MaxPositions)
{
    public static DecoderLayout From(ArchitectureConfig config) => new(config.Kv, config.VocabSize, config.MaxPositions);

    public int Layers => Kv.Layers;

    /// <summary>The outputs in the order the session binds them: logits, then present key/value per layer.</summary>
    public IReadOnlyList<string> OutputNames =>
        [OptimumNames.Logits, .. Enumerable.Range(0, Layers).SelectMany(i => new[] { OptimumNames.PresentKey(i), OptimumNames.PresentValue(i) })];

    public void Check(string path, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        string[] requiredInputs = [OptimumNames.InputIds, OptimumNames.AttentionMask, .. Enumerable.Range(0, Layers).SelectMany(i => new[] { OptimumNames.PastKey(i), OptimumNames.PastValue(i) })];
        var missingInputs = requiredInputs.Except(inputs).ToList();
        var missingOutputs = OutputNames.Except(outputs).ToList();
        if (missingInputs.Count > 0 || missingOutputs.Count > 0)
            throw new ModelFormatException(path,
                $"not an Optimum-style decoder with past for this config.json ({Layers} layers): missing " +
                string.Join(", ", missingInputs.Concat(missingOutputs).Take(4)) + (missingInputs.Count + missingOutputs.Count > 4 ? ", ..." : ""));
        var unknown = inputs.Except(requiredInputs).Except([OptimumNames.PositionIds]).ToList();
        if (unknown.Count > 0)
            throw new ModelFormatException(path, $"unexpected inputs {string.Join(", ", unknown)} (merged decoders with use_cache_branch are not supported)");
    }
}
