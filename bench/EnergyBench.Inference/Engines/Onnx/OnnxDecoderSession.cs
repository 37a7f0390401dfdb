using Microsoft.ML.OnnxRuntime;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>
/// One sequence on ONNX Runtime with IOBinding. Outputs are bound to ORT-allocated memory; after each run the
/// <c>present.*</c> values become the next step's <c>past_key_values.*</c> as they are, with no copy, and the previous
/// step's values are released. <see cref="OrtIoBinding.GetOutputValues"/> returns values in binding order, which is
/// <see cref="DecoderLayout.OutputNames"/> order.
/// </summary>
internal sealed class OnnxDecoderSession : IDecoderSession
{
    private readonly InferenceSession _session;
    private readonly DecoderLayout _layout;
    private readonly bool _hasPositionIds;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _logits;
    private readonly long[] _attentionMask;
    private IDisposableReadOnlyCollection<OrtValue>? _previousOutputs;
    private readonly OrtValue[] _emptyPast;

    // Where the presents live: on the device for CUDA, so the cache never crosses the bus; logits always come to the host.
    private readonly OrtMemoryInfo _cacheMemory;

    public OnnxDecoderSession(InferenceSession session, DecoderLayout layout, OrtMemoryInfo cacheMemory)
    {
        _session = session;
        _cacheMemory = cacheMemory;
        _layout = layout;
        _hasPositionIds = session.InputNames.Contains(OptimumNames.PositionIds);
        _binding = session.CreateIoBinding();
        _logits = new float[layout.VocabSize];
        _attentionMask = Enumerable.Repeat(1L, layout.MaxPositions).ToArray();
        long[] emptyShape = layout.Kv.Shape(0);
        _emptyPast = Enumerable.Range(0, 2 * layout.Layers)
            .Select(_ => OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), emptyShape))
            .ToArray();
    }

    public int Length { get; private set; }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
    {
        int count = tokenIds.Length, total = Length + count;
        if (total > _layout.MaxPositions)
            throw new InvalidOperationException($"the sequence would have {total} tokens; the model takes at most {_layout.MaxPositions}");
        var ids = new long[count];
        var positions = new long[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = tokenIds[i];
            positions[i] = Length + i;
        }

        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, count]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [1, count]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _attentionMask.AsMemory(0, total), [1, total]);

        _binding.ClearBoundInputs();
        _binding.BindInput(OptimumNames.InputIds, idsValue);
        _binding.BindInput(OptimumNames.AttentionMask, maskValue);
        if (_hasPositionIds)
            _binding.BindInput(OptimumNames.PositionIds, positionsValue);
        for (int layer = 0; layer < _layout.Layers; layer++)
        {
            _binding.BindInput(OptimumNames.PastKey(layer), Past(2 * layer));
            _binding.BindInput(OptimumNames.PastValue(layer), Past(2 * layer + 1));
        }
        _binding.ClearBoundOutputs();
        foreach (string name in _layout.OutputNames)
            _binding.BindOutputToDevice(name, name == OptimumNames.Logits ? OrtMemoryInfo.DefaultInstance : _cacheMemory);

        _session.RunWithBinding(_runOptions, _binding);
        var outputs = _binding.GetOutputValues();
        _previousOutputs?.Dispose();
        _previousOutputs = outputs;
        Length = total;

        var logits = outputs[0].GetTensorDataAsSpan<float>();
        logits.Slice((count - 1) * _layout.VocabSize, _layout.VocabSize).CopyTo(_logits);
        return _logits;
    }

    /// <summary>Past value <paramref name="index"/> (key, value per layer): the last step's present, or empty at the start.</summary>
    private OrtValue Past(int index) => _previousOutputs is null ? _emptyPast[index] : _previousOutputs[index + 1];

    public void Dispose()
    {
        _previousOutputs?.Dispose();
        foreach (var value in _emptyPast)
            value.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
    }
}
