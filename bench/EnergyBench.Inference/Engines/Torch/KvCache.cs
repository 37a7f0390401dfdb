using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// The per-layer keys and values of one sequence, shaped by the model's <see cref="KvLayout"/>: [1, kv heads, length,
/// head dim] each, empty before the first step.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys, _values;

    public KvCache(KvLayout layout, ScalarType dtype, Device device)
    {
        _keys = new Tensor[layout.Layers];
        _values = new Tensor[layout.Layers];
        for (int layer = 0; layer < layout.Layers; layer++)
        {
            _keys[layer] = empty(layout.Shape(0), dtype: dtype, device: device);
            _values[layer] = empty(layout.Shape(0), dtype: dtype, device: device);
        }
    }

    /// <summary>Positions held, the same for every layer once a step has run through all of them.</summary>
    public int Length { get; set; }

    /// <summary>
    /// Appends the step's keys and values of <paramref name="layer"/> and returns the whole sequence's; those stay alive
    /// past the step's dispose scope, and the tensors they replace are released.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var allKeys = cat([_keys[layer], keys], 2);
        var allValues = cat([_values[layer], values], 2);
        Replace(ref _keys[layer], allKeys);
        Replace(ref _values[layer], allValues);
        return (allKeys, allValues);
    }

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
            tensor.Dispose();
    }

    private static void Replace(ref Tensor slot, Tensor value)
    {
        var previous = slot;
        slot = value.MoveToOuterDisposeScope();
        previous.Dispose();
    }
}
