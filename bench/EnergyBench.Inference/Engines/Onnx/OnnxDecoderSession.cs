using EnergyBench.Inference.Profiling;
using Microsoft.ML.OnnxRuntime;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Engines.Onnx;

/// <summary>
/// One sequence, or a left-padded batch of rows (<see cref="PaddedBatch"/>), on ONNX Runtime with IOBinding, in any
/// cache format of <see cref="DecoderLayout"/>. Outputs are bound to ORT-allocated memory; after each run the presents
/// become the next step's pasts as they are, with no copy, and the previous step's values are released.
/// <see cref="OrtIoBinding.GetOutputValues"/> returns values in binding order, which is <see cref="DecoderLayout.OutputNames"/> order.
/// </summary>
internal sealed class OnnxDecoderSession : IDecoderSession, IBatchDecoderSession
{
    private readonly InferenceSession _session;
    private readonly DecoderLayout _layout;
    private readonly IReadOnlyList<CacheTensor> _cache;
    private readonly IReadOnlyList<string> _outputNames;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _logits;
    private readonly PaddedBatch? _batch;

    // One sequence: all ones, of which each step reads a prefix. A batch: each step's [rows, total] mask, written here.
    private readonly long[] _attentionMask;
    private IDisposableReadOnlyCollection<OrtValue>? _previousOutputs;
    private readonly OrtValue[] _emptyPast;

    // A merged decoder's branch: false while there is no past (the pasts are then zero-length), true after.
    private readonly OrtValue _withoutPast = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
    private readonly OrtValue _withPast = OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);

    // Where the presents live: on the device for CUDA, so the cache never crosses the bus; logits always come to the host.
    private readonly OrtMemoryInfo _cacheMemory;

    /// <summary>One sequence without <paramref name="batch"/>, else its rows, left-padded.</summary>
    public OnnxDecoderSession(InferenceSession session, DecoderLayout layout, OrtMemoryInfo cacheMemory, PaddedBatch? batch = null)
    {
        _session = session;
        _cacheMemory = cacheMemory;
        _layout = layout;
        _batch = batch;
        _cache = layout.Cache.Tensors;
        _outputNames = layout.OutputNames;
        _binding = session.CreateIoBinding();
        _logits = new float[Rows * layout.VocabSize];
        _attentionMask = batch is null ? Enumerable.Repeat(1L, layout.MaxPositions).ToArray() : new long[Rows * layout.MaxPositions];
        _emptyPast = _cache
            .Select(tensor => OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), layout.Cache.Shape(tensor, 0, Rows)))
            .ToArray();
    }

    public int Rows => _batch?.Rows ?? 1;

    public int Length { get; private set; }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
    {
        if (_batch is not null)
            throw new InvalidOperationException("a batch session takes a mask with its tokens");
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
        return Run(ids, positions, _attentionMask.AsMemory(0, total), count, total);
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended)
    {
        if (_batch is null)
            throw new InvalidOperationException("a session of one sequence takes no mask");
        int count = _batch.Append(tokenIds, attended), total = _batch.Length;
        var ids = new long[tokenIds.Length];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = tokenIds[i];
        var positions = new long[ids.Length];
        _batch.QueryPositions(positions);
        var mask = _attentionMask.AsMemory(0, Rows * total);
        _batch.Mask(mask.Span);
        return Run(ids, positions, mask, count, total);
    }

    /// <summary>One run over [rows, count] new tokens and a [rows, total] mask; the logits of each row's last position.</summary>
    private float[] Run(long[] ids, long[] positions, Memory<long> mask, int count, int total)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [Rows, count]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [Rows, count]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask, [Rows, total]);

        _binding.ClearBoundInputs();
        _binding.BindInput(OptimumNames.InputIds, idsValue);
        _binding.BindInput(OptimumNames.AttentionMask, maskValue);
        if (_layout.HasPositionIds)
            _binding.BindInput(OptimumNames.PositionIds, positionsValue);
        if (_layout.HasCacheBranch)
            _binding.BindInput(OptimumNames.UseCacheBranch, _previousOutputs is null ? _withoutPast : _withPast);
        for (int i = 0; i < _cache.Count; i++)
            _binding.BindInput(_cache[i].Past, Past(i));
        _binding.ClearBoundOutputs();
        foreach (string name in _outputNames)
            _binding.BindOutputToDevice(name, name == OptimumNames.Logits ? OrtMemoryInfo.DefaultInstance : _cacheMemory);

        long forward = ForwardClock.Start();
        _session.RunWithBinding(_runOptions, _binding);
        ForwardClock.Stop(forward);
        var outputs = _binding.GetOutputValues();
        _previousOutputs?.Dispose();
        _previousOutputs = outputs;
        Length = total;

        int vocab = _layout.VocabSize;
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        for (int row = 0; row < Rows; row++)
            logits.Slice(((row + 1) * count - 1) * vocab, vocab).CopyTo(_logits.AsSpan(row * vocab));
        return _logits;
    }

    /// <summary>Past tensor <paramref name="index"/> of <see cref="KvCacheLayout.Tensors"/>: the last step's present, or empty at the start.</summary>
    private OrtValue Past(int index) => _previousOutputs is null ? _emptyPast[index] : _previousOutputs[index + 1];

    public void Dispose()
    {
        _previousOutputs?.Dispose();
        foreach (var value in _emptyPast)
            value.Dispose();
        _withoutPast.Dispose();
        _withPast.Dispose();
        _binding.Dispose();
        _runOptions.Dispose();
    }
}
