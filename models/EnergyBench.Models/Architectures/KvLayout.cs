namespace EnergyBench.Models.Architectures;

/// <summary>
/// The shape of one sequence's KV cache: per layer a key and a value of [batch 1, kv heads, length, head dim]. The one
/// place every engine and session takes the cache's shape from.
/// </summary>
public sealed record KvLayout(int Layers, int KvHeads, int HeadDim)
{
    public long[] Shape(long length) => [1, KvHeads, length, HeadDim];

    /// <summary>Floats in one key (or value) tensor of <paramref name="length"/> positions.</summary>
    public long Elements(long length) => length * KvHeads * HeadDim;
}
