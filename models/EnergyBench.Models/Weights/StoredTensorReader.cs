using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Weights;

/// <summary>
/// Reads a checkpoint's stored tensors as float32 for <see cref="WeightSource"/>: straight into a destination, or into
/// one buffer that every <see cref="Scratch"/> call reuses (sized for the largest tensor reordered so far).
/// </summary>
public abstract class StoredTensorReader
{
    private float[] _scratch = [];

    /// <summary>Reads <paramref name="tensor"/> into <paramref name="destination"/>, which holds exactly its elements.</summary>
    public abstract void Into(TensorSpec tensor, Span<float> destination);

    /// <summary>Reads <paramref name="tensor"/> into the reused buffer; the span is valid until the next call.</summary>
    public ReadOnlySpan<float> Scratch(TensorSpec tensor)
    {
        int length = checked((int)tensor.ElementCount);
        if (_scratch.Length < length)
            _scratch = new float[length];
        var span = _scratch.AsSpan(0, length);
        Into(tensor, span);
        return span;
    }
}
