using System.Runtime.InteropServices;

namespace EnergyBench.Models.Onnx;

/// <summary>ONNX element types used here (TensorProto.DataType).</summary>
public enum OnnxType { Float = 1, Int64 = 7, Bool = 9 }

/// <summary>A node attribute: an int, a float, a string, a list of ints or a subgraph (the branches of an If).</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, long[]? Ints = null, OnnxGraph? Graph = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);
    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);
    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);
    public static OnnxAttribute Of(string name, OnnxGraph graph) => new(name, Graph: graph);

    internal ProtoWriter ToProto()
    {
        // AttributeProto: name=1, f=2, i=3, s=4, g=6, ints=8, type=20 (FLOAT=1, INT=2, STRING=3, GRAPH=5, INTS=7)
        var proto = new ProtoWriter().String(1, Name);
        if (Float is { } f)
            proto.Float(2, f).Int64(20, 1);
        else if (Int is { } i)
            proto.Int64(3, i).Int64(20, 2);
        else if (Text is { } s)
            proto.String(4, s).Int64(20, 3);
        else if (Graph is { } graph)
            proto.Message(6, graph.ToGraph(Name)).Int64(20, 5);
        else
        {
            foreach (long v in Ints!)
                proto.Int64(8, v);
            proto.Int64(20, 7);
        }
        return proto;
    }
}

/// <summary>
/// Builds an ONNX graph (nodes, initializers, typed inputs and outputs) and serialises it as a ModelProto. Node names
/// are numbered in insertion order, so the same construction gives the same bytes. Large initializers can go to an
/// external data file instead of the protobuf, which is limited to 2 GB. A <see cref="Branch"/> is a subgraph (for an
/// If) that reads the names of the graph around it; its initializers are kept once, in the main graph.
/// </summary>
public sealed class OnnxGraph
{
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly HashSet<string> _initializerNames = [];
    private readonly Dictionary<string, string> _constants = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly ExternalDataWriter? _externalData;
    private readonly OnnxGraph _main;
    private int _counter;

    /// <param name="externalData">Where initializers larger than a few KB go; null keeps them inside the model.</param>
    public OnnxGraph(ExternalDataWriter? externalData = null)
    {
        _externalData = externalData;
        _main = this;
    }

    private OnnxGraph(OnnxGraph main) => _main = main;

    /// <summary>A subgraph for an If branch: nodes of its own, initializers and node numbers shared with this graph.</summary>
    public OnnxGraph Branch() => new(_main);

    /// <summary>Adds a node and returns its first output's name (generated from the op type when not given).</summary>
    public string Node(string opType, string[] inputs, string[]? outputs = null, params OnnxAttribute[] attributes)
    {
        int id = _main._counter++;
        outputs ??= [$"{opType.ToLowerInvariant()}_{id}"];
        var node = new ProtoWriter();
        foreach (string input in inputs)
            node.String(1, input);
        foreach (string output in outputs)
            node.String(2, output);
        node.String(3, $"{opType}_{id}").String(4, opType);
        foreach (var attribute in attributes)
            node.Message(5, attribute.ToProto());
        _nodes.Add(node);
        return outputs[0];
    }

    /// <summary>Adds a node with <paramref name="count"/> outputs (a Split) and returns their generated names.</summary>
    public string[] NodeWithOutputs(string opType, string[] inputs, int count, params OnnxAttribute[] attributes)
    {
        string prefix = $"{opType.ToLowerInvariant()}_{_main._counter}";
        string[] outputs = [.. Enumerable.Range(0, count).Select(i => $"{prefix}_{i}")];
        Node(opType, inputs, outputs, attributes);
        return outputs;
    }

    public string Initializer(string name, long[] dims, ReadOnlySpan<float> data) =>
        AddInitializer(name, dims, OnnxType.Float, MemoryMarshal.AsBytes(data));

    public string Initializer(string name, long[] dims, ReadOnlySpan<long> data) =>
        AddInitializer(name, dims, OnnxType.Int64, MemoryMarshal.AsBytes(data));

    /// <summary>A small int64 constant under a name that says what it holds, added the first time it is asked for.</summary>
    public string Constant(string name, long[] dims, params long[] values) =>
        IsConstant(name, dims, string.Join(",", values)) ? name : Initializer(name, dims, values);

    /// <summary>A float constant, added the first time it is asked for.</summary>
    public string Constant(string name, long[] dims, params float[] values) =>
        IsConstant(name, dims, string.Join(",", values.Select(v => v.ToString("R")))) ? name : Initializer(name, dims, values);

    /// <summary>Whether the constant exists already; throws when the name holds another value.</summary>
    private bool IsConstant(string name, long[] dims, string values)
    {
        string content = $"[{string.Join(",", dims)}] {values}";
        if (_main._constants.TryGetValue(name, out string? existing))
            return existing == content ? true : throw new InvalidOperationException($"constant {name} is {existing}, not {content}");
        _main._constants[name] = content;
        return false;
    }

    /// <summary>Whether an initializer of this name exists (in the main graph, which also holds its branches').</summary>
    public bool HasInitializer(string name) => _main._initializerNames.Contains(name);

    public void Input(string name, OnnxType type, params object[] dims) => _inputs.Add(ValueInfo(name, type, dims));

    public void Output(string name, OnnxType type, params object[] dims) => _outputs.Add(ValueInfo(name, type, dims));

    /// <summary>ModelProto with IR version 10 and the default-domain opset.</summary>
    public byte[] ToModel(string graphName, long opset, IReadOnlyDictionary<string, string> metadata)
    {
        // ModelProto: ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8, metadata_props=14
        var model = new ProtoWriter().Int64(1, 10).String(2, "EnergyBench").String(3, "1").Message(7, ToGraph(graphName))
            .Message(8, new ProtoWriter().String(1, "").Int64(2, opset));
        foreach (var (key, value) in metadata)
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        return model.ToArray();
    }

    internal ProtoWriter ToGraph(string name)
    {
        // GraphProto: node=1, name=2, initializer=5, input=11, output=12
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
            graph.Message(1, node);
        graph.String(2, name);
        foreach (var initializer in _initializers)
            graph.Message(5, initializer);
        foreach (var input in _inputs)
            graph.Message(11, input);
        foreach (var output in _outputs)
            graph.Message(12, output);
        return graph;
    }

    private string AddInitializer(string name, long[] dims, OnnxType type, ReadOnlySpan<byte> bytes)
    {
        if (!_main._initializerNames.Add(name))
            throw new InvalidOperationException($"initializer {name} is defined twice");
        // TensorProto: dims=1, data_type=2, name=8, raw_data=9, external_data=13, data_location=14 (EXTERNAL=1)
        var tensor = new ProtoWriter();
        foreach (long d in dims)
            tensor.Int64(1, d);
        tensor.Int64(2, (long)type).String(8, name);
        if (_main._externalData is { } externalData && bytes.Length >= ExternalDataWriter.MinimumBytes)
        {
            var (location, offset) = externalData.Append(bytes);
            tensor.Message(13, new ProtoWriter().String(1, "location").String(2, location));
            tensor.Message(13, new ProtoWriter().String(1, "offset").String(2, offset.ToString()));
            tensor.Message(13, new ProtoWriter().String(1, "length").String(2, bytes.Length.ToString()));
            tensor.Int64(14, 1);
        }
        else
        {
            tensor.Bytes(9, bytes);
        }
        _main._initializers.Add(tensor);
        return name;
    }

    private static ProtoWriter ValueInfo(string name, OnnxType type, object[] dims)
    {
        // ValueInfoProto: name=1, type=2 -> TypeProto.tensor_type=1 -> {elem_type=1, shape=2 -> dim=1 -> {dim_value=1 | dim_param=2}}
        var shape = new ProtoWriter();
        foreach (object dim in dims)
            shape.Message(1, dim is string symbol ? new ProtoWriter().String(2, symbol) : new ProtoWriter().Int64(1, Convert.ToInt64(dim)));
        var tensorType = new ProtoWriter().Int64(1, (long)type).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
