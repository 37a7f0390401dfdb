using EnergyBench.Inference.Profiling;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EnergyBench.Inference.Engines.Onnx;
using EnergyBench.Models.Onnx;

namespace EnergyBench.Inference.Engines.OpenVino;

/// <summary>
/// One sequence on OpenVINO, in any cache format of <see cref="DecoderLayout"/>. Inputs are tensors over our own
/// pinned arrays; after each infer the presents are copied into new pinned arrays that become the next step's pasts
/// (an output's memory belongs to the request and is reused by the next infer, so it cannot be fed back as it is).
/// </summary>
internal sealed unsafe class OpenVinoDecoderSession : IDecoderSession
{
    private readonly OpenVinoDecoderEngine _engine;
    private readonly DecoderLayout _layout;
    private readonly IReadOnlyList<CacheTensor> _cache;
    private readonly float[] _logits;
    private readonly float[][] _past;

    // A zero-length past still needs a valid pointer.
    private static readonly float[] EmptyPast = GC.AllocateArray<float>(1, pinned: true);

    // use_cache_branch of a merged decoder: false while there is no past, true after.
    private static readonly bool[] WithoutPast = GC.AllocateArray<bool>(1, pinned: true);
    private static readonly bool[] WithPast = CreateWithPast();

    public OpenVinoDecoderSession(OpenVinoDecoderEngine engine)
    {
        _engine = engine;
        _layout = engine.Layout;
        _cache = _layout.Cache.Tensors;
        _logits = new float[_layout.VocabSize];
        _past = Enumerable.Repeat(EmptyPast, _cache.Count).ToArray();
    }

    public int Length { get; private set; }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
    {
        int count = tokenIds.Length, total = Length + count;
        if (total > _layout.MaxPositions)
            throw new InvalidOperationException($"the sequence would have {total} tokens; the model takes at most {_layout.MaxPositions}");
        var ids = GC.AllocateArray<long>(count, pinned: true);
        var positions = GC.AllocateArray<long>(count, pinned: true);
        var mask = GC.AllocateArray<long>(total, pinned: true);
        for (int i = 0; i < count; i++)
        {
            ids[i] = tokenIds[i];
            positions[i] = Length + i;
        }
        mask.AsSpan().Fill(1);

        var library = _engine.Library;
        var request = _engine.Request;
        var inputs = new List<OvTensor>();
        try
        {
            void Bind(string name, OvElementType type, long[] dims, void* data)
            {
                var tensor = OvTensor.FromHost(library, type, dims, data);
                inputs.Add(tensor);
                request.SetTensor(name, tensor);
            }

            Bind(OptimumNames.InputIds, OvElementType.I64, [1, count], Pointer(ids));
            Bind(OptimumNames.AttentionMask, OvElementType.I64, [1, total], Pointer(mask));
            if (_layout.HasPositionIds)
                Bind(OptimumNames.PositionIds, OvElementType.I64, [1, count], Pointer(positions));
            if (_layout.HasCacheBranch)
                Bind(OptimumNames.UseCacheBranch, OvElementType.Boolean, [1], Pointer(Length == 0 ? WithoutPast : WithPast));
            for (int i = 0; i < _cache.Count; i++)
                Bind(_cache[i].Past, OvElementType.F32, _layout.Cache.Shape(_cache[i], Length), Pointer(_past[i]));
            long forward = ForwardClock.Start();
            request.Infer();
            ForwardClock.Stop(forward);
        }
        finally
        {
            foreach (var tensor in inputs)
                tensor.Dispose();
        }

        using (var logits = request.GetTensor(OptimumNames.Logits))
            ReadOutput(logits, OptimumNames.Logits, [1, count, _layout.VocabSize]).Slice((count - 1) * _layout.VocabSize, _layout.VocabSize).CopyTo(_logits);
        for (int i = 0; i < _cache.Count; i++)
            _past[i] = CopyPresent(_cache[i].Present, _layout.Cache.Shape(_cache[i], total));
        Length = total;
        return _logits;
    }

    private float[] CopyPresent(string name, long[] shape)
    {
        using var tensor = _engine.Request.GetTensor(name);
        var data = ReadOutput(tensor, name, shape);
        var copy = GC.AllocateUninitializedArray<float>(data.Length, pinned: true);
        data.CopyTo(copy);
        return copy;
    }

    /// <summary>An output's data after checking its shape, so a model that disagrees with config.json fails clearly.</summary>
    private static ReadOnlySpan<float> ReadOutput(OvTensor tensor, string name, long[] expected)
    {
        long[] shape = tensor.Shape;
        if (!shape.SequenceEqual(expected))
            throw new InvalidOperationException($"OpenVINO output {name} has shape [{string.Join(",", shape)}], expected [{string.Join(",", expected)}]");
        return tensor.Floats;
    }

    private static bool[] CreateWithPast()
    {
        var value = GC.AllocateArray<bool>(1, pinned: true);
        value[0] = true;
        return value;
    }

    private static void* Pointer<T>(T[] pinned) where T : unmanaged =>
        Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    public void Dispose()
    {
    }
}
