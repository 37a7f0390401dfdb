using System.Globalization;

namespace EnergyBench.Campaign;

/// <summary><c>--shard i/n</c>: this run holds the <paramref name="Index"/>-th of <paramref name="Count"/> shards (1-based, as job arrays count from 1).</summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || count < 1 || index < 1 || index > count)
            throw new ArgumentException($"--shard '{text}': expected i/n with 1 <= i <= n (e.g. 2/8 for the second of eight shards)");
        return new ShardSpec(index, count);
    }

    public override string ToString() => $"{Index}/{Count}";
}
