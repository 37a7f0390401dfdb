using System.Buffers.Binary;
using System.Text.Json;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>One stored tensor in double precision, with its stored shape.</summary>
public sealed record ReferenceTensor(double[] Data, long[] Shape);

/// <summary>
/// The tensors of every <c>*.safetensors</c> file of a model directory, read on their own (an 8-byte little-endian
/// header length, a JSON header of dtype, shape and data_offsets, then the raw bytes) and widened to double. Names are
/// kept without the base model's prefix, so a checkpoint saved from the base class reads the same.
/// </summary>
public sealed class ReferenceTensors
{
    private readonly Dictionary<string, ReferenceTensor> _tensors = new(StringComparer.Ordinal);

    public ReferenceTensors(string directory, string basePrefix)
    {
        var files = Directory.GetFiles(directory, "*.safetensors");
        if (files.Length == 0)
            throw new FileNotFoundException($"{directory}: no .safetensors file");
        foreach (string file in files)
            foreach (var (name, tensor) in Read(file))
                _tensors[name.StartsWith(basePrefix, StringComparison.Ordinal) ? name[basePrefix.Length..] : name] = tensor;
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public ReferenceTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"tensor '{name}' is not in the checkpoint");

    private static List<(string Name, ReferenceTensor Tensor)> Read(string path)
    {
        var tensors = new List<(string, ReferenceTensor)>();
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        int dataStart = checked(8 + (int)headerLength);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        foreach (var entry in header.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__")
                continue;
            string dtype = entry.Value.GetProperty("dtype").GetString()!;
            long[] shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            var raw = bytes.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0]));
            tensors.Add((entry.Name, new ReferenceTensor(Widen(raw, dtype, path, entry.Name), shape)));
        }
        return tensors;
    }

    private static double[] Widen(ReadOnlySpan<byte> raw, string dtype, string path, string name)
    {
        switch (dtype)
        {
            case "F32":
            {
                var values = new double[raw.Length / 4];
                for (int i = 0; i < values.Length; i++)
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
                return values;
            }
            case "F16":
            {
                var values = new double[raw.Length / 2];
                for (int i = 0; i < values.Length; i++)
                    values[i] = (double)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]));
                return values;
            }
            case "BF16":
            {
                // bfloat16 is the top half of a float32.
                var values = new double[raw.Length / 2];
                for (int i = 0; i < values.Length; i++)
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]) << 16);
                return values;
            }
            default:
                throw new NotSupportedException($"{path}: tensor '{name}' has dtype {dtype}; only F32, F16 and BF16 are read");
        }
    }
}
