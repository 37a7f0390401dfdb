namespace EnergyBench.Models.Safetensors;

/// <summary>One tensor: its name and shape.</summary>
public sealed record TensorSpec(string Name, long[] Shape)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
