namespace EnergyBench.Models.Gpt2;

/// <summary>One parameter tensor of a GPT-2 checkpoint: its Hugging Face name and shape.</summary>
public sealed record TensorSpec(string Name, long[] Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// The parameter tensors of a Hugging Face <c>GPT2LMHeadModel</c>, in checkpoint order. Conv1D weights are stored
/// [in, out], so <c>y = x @ W + b</c>; the output head is tied to <c>transformer.wte.weight</c>.
/// </summary>
public static class Gpt2Tensors
{
    public const string Prefix = "transformer.";

    public static IReadOnlyList<TensorSpec> For(Gpt2Config c)
    {
        long d = c.NEmbd, inner = c.InnerDim;
        var specs = new List<TensorSpec>
        {
            new(Prefix + "wte.weight", [c.VocabSize, d]),
            new(Prefix + "wpe.weight", [c.NPositions, d]),
        };
        for (int i = 0; i < c.NLayer; i++)
        {
            string h = $"{Prefix}h.{i}.";
            specs.AddRange(
            [
                new(h + "ln_1.weight", [d]), new(h + "ln_1.bias", [d]),
                new(h + "attn.c_attn.weight", [d, 3 * d]), new(h + "attn.c_attn.bias", [3 * d]),
                new(h + "attn.c_proj.weight", [d, d]), new(h + "attn.c_proj.bias", [d]),
                new(h + "ln_2.weight", [d]), new(h + "ln_2.bias", [d]),
                new(h + "mlp.c_fc.weight", [d, inner]), new(h + "mlp.c_fc.bias", [inner]),
                new(h + "mlp.c_proj.weight", [inner, d]), new(h + "mlp.c_proj.bias", [d]),
            ]);
        }
        specs.Add(new(Prefix + "ln_f.weight", [d]));
        specs.Add(new(Prefix + "ln_f.bias", [d]));
        return specs;
    }

    public static string Layer(int layer, string suffix) => $"{Prefix}h.{layer}.{suffix}";
}
