using static EnergyBench.Inference.Tests.Reference.ReferenceMath;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// A decoder-only model computed from its Hugging Face files alone (config.json and safetensors, tensors by their HF
/// names and layouts) as plain double-precision loops, with no cache and no code shared with the engines or the model
/// library: an oracle for tiny models. One subclass per model_type, each written from that type's math.
/// </summary>
public abstract class ReferenceDecoder
{
    protected ReferenceDecoder(ReferenceConfig config, string directory, string basePrefix, NaiveChoices naive)
    {
        Config = config;
        Tensors = new ReferenceTensors(directory, basePrefix);
        Naive = naive;
    }

    protected ReferenceConfig Config { get; }
    protected ReferenceTensors Tensors { get; }
    protected NaiveChoices Naive { get; }

    public static ReferenceDecoder Open(string directory, NaiveChoices? naive = null)
    {
        var config = new ReferenceConfig(Path.Combine(directory, "config.json"));
        naive ??= NaiveChoices.None;
        return config.ModelType switch
        {
            "gpt2" => new Gpt2Reference(config, directory, naive),
            "gpt_bigcode" => new GptBigCodeReference(config, directory, naive),
            "gpt_neox" => new GptNeoXReference(config, directory, naive),
            "bloom" => new BloomReference(config, directory, naive),
            "llama" => new LlamaReference(config, directory, naive),
            "gemma" => new GemmaReference(config, directory, naive),
            "phi" => new PhiReference(config, directory, naive),
            var other => throw new NotSupportedException($"{directory}: no reference for model_type '{other}'"),
        };
    }

    /// <summary>The logits of the last position, from the whole sequence.</summary>
    public abstract double[] LastLogits(IReadOnlyList<int> ids);

    protected double[] Weight(string name) => Tensors[name].Data;

    protected double[]? OptionalWeight(string name, bool present) => present ? Weight(name) : null;

    /// <summary>Row <paramref name="row"/> of a [rows, width] table.</summary>
    protected double[] Row(string table, int row)
    {
        var tensor = Tensors[table];
        int width = (int)tensor.Shape[1];
        return tensor.Data.AsSpan(row * width, width).ToArray();
    }

    /// <summary>nn.Linear: weight [out, in].</summary>
    protected double[] Linear(double[] x, string name, bool bias = true)
    {
        var weight = Tensors[name + ".weight"];
        if (weight.Shape is not [_, var inputs] || inputs != x.Length)
            throw new InvalidDataException($"{name}.weight [{string.Join(", ", weight.Shape)}] is not an nn.Linear weight [out, {x.Length}]");
        return MatVec(x, weight.Data, inputMajor: false, OptionalWeight(name + ".bias", bias));
    }

    /// <summary>GPT-2's Conv1D: weight [in, out].</summary>
    protected double[] Conv1D(double[] x, string name)
    {
        var weight = Tensors[name + ".weight"];
        if (weight.Shape is not [var inputs, _] || inputs != x.Length)
            throw new InvalidDataException($"{name}.weight [{string.Join(", ", weight.Shape)}] is not a Conv1D weight [{x.Length}, out]");
        return MatVec(x, weight.Data, inputMajor: true, Weight(name + ".bias"));
    }

    protected double[] LayerNorm(double[] x, string name, double epsilon) =>
        ReferenceMath.LayerNorm(x, Weight(name + ".weight"), Weight(name + ".bias"), epsilon);

    /// <summary>The head: its own weight (and bias) when untied, else the token embedding.</summary>
    protected double[] Logits(double[] hidden, bool tied, string embedding, string head, bool headBias = false, double headScale = 1) =>
        ReferenceMath.Logits(hidden, Weight(tied ? embedding : head + ".weight"), OptionalWeight(head + ".bias", headBias), headScale);

    /// <summary>Splits q|k|v rows interleaved per head, <c>view(heads, 3 * head_dim)</c>, or as blocks when naive.</summary>
    protected (double[] Q, double[] K, double[] V) SplitPerHead(double[] qkv, int heads, int headDim)
    {
        if (Naive.FusedQkvAsBlocks)
            return SplitBlocks(qkv, heads * headDim, heads * headDim);
        double[] q = new double[heads * headDim], k = new double[heads * headDim], v = new double[heads * headDim];
        for (int h = 0; h < heads; h++)
        {
            int from = h * 3 * headDim, to = h * headDim;
            Array.Copy(qkv, from, q, to, headDim);
            Array.Copy(qkv, from + headDim, k, to, headDim);
            Array.Copy(qkv, from + 2 * headDim, v, to, headDim);
        }
        return (q, k, v);
    }

    /// <summary>Splits [Q | K | V] blocks.</summary>
    protected static (double[] Q, double[] K, double[] V) SplitBlocks(double[] qkv, int queryWidth, int kvWidth) =>
        (qkv[..queryWidth], qkv[queryWidth..(queryWidth + kvWidth)], qkv[(queryWidth + kvWidth)..(queryWidth + 2 * kvWidth)]);

    /// <summary>Rotary on <paramref name="rotaryDims"/> of <paramref name="headDim"/>, frequencies over the rotated dims.</summary>
    protected Rotary RotaryOver(int rotaryDims, int headDim, double theta)
    {
        if (Naive.RotaryOverWholeHead)
            rotaryDims = headDim;
        return new Rotary(rotaryDims, theta, Naive.RotaryFrequenciesOverHeadDim ? headDim : rotaryDims, Naive.RotaryInterleavedPairs);
    }

    /// <summary>The rotary base under its spellings (rope_theta, rotary_emb_base, rope_parameters.rope_theta).</summary>
    protected double RotaryBase() =>
        Config.DoubleOr(Config.RopeParameter("rope_theta") ?? 10000, "rope_theta", "rotary_emb_base");

    /// <summary>query head h reads KV head h / (heads / kv heads), as repeat_kv repeats each KV head consecutively.</summary>
    protected Func<int, int> KvHeadOf(int heads, int kvHeads) =>
        Naive.KvHeadsTiled ? h => h % kvHeads : h => h / (heads / kvHeads);
}
