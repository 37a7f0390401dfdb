using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// The per-layer keys and values of one sequence (or a batch's rows), each in a buffer of the model's whole context,
/// [rows, kv heads, max positions, head dim]; a step writes its own positions and reads the first <see cref="Length"/>
/// as a view. Hugging Face's DynamicCache concatenates instead, copying the whole cache at every step; the values read
/// are the same. The buffers are allocated without being filled, so memory is committed only as positions are written.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys, _values;

    public KvCache(KvLayout layout, int maxPositions, ScalarType dtype, Device device, int rows = 1)
    {
        _keys = new Tensor[layout.Layers];
        _values = new Tensor[layout.Layers];
        long[] shape = layout.Shape(maxPositions);
        shape[0] = rows;
        for (int layer = 0; layer < layout.Layers; layer++)
        {
            _keys[layer] = empty(shape, dtype: dtype, device: device).DetachFromDisposeScope();
            _values[layer] = empty(shape, dtype: dtype, device: device).DetachFromDisposeScope();
        }
    }

    /// <summary>Positions held, the same for every layer once a step has run through all of them.</summary>
    public int Length { get; set; }

    /// <summary>Every buffer, keys and values interleaved by layer: [k0, v0, k1, v1, ...].</summary>
    public Tensor[] Buffers => [.. _keys.Zip(_values).SelectMany(pair => new[] { pair.First, pair.Second })];

    /// <summary>
    /// Writes the step's keys and values of <paramref name="layer"/> after the <see cref="Length"/> positions held and
    /// returns views of the whole sequence's, which die with the step's dispose scope.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long count = keys.shape[2], total = Length + count;
        _keys[layer].narrow(2, Length, count).copy_(keys);
        _values[layer].narrow(2, Length, count).copy_(values);
        return (_keys[layer].narrow(2, 0, total), _values[layer].narrow(2, 0, total));
    }

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
            tensor.Dispose();
    }
}
