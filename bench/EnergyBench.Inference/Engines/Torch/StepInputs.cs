using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// What every layer of one step shares, made once per step: the rotary cos and sin of the new positions and the
/// attention mask. The mask is null where SDPA needs none (one new token without ALiBi) or builds its own
/// (<see cref="Causal"/>: a prompt with no past, one query per KV head).
/// </summary>
internal readonly record struct StepInputs(Tensor? Cos, Tensor? Sin, Tensor? Mask, bool Causal)
{
    /// <summary>
    /// The mask is [rows, keys] or [heads, rows, keys], bool (visible keys) or additive (ALiBi, with -inf on hidden keys).
    /// With grouped KV heads the queries of a group are stacked along the rows ([kv heads, group x new, keys]), as
    /// <see cref="TorchDecoderBlock"/> regroups them, so the KV heads are never copied.
    /// </summary>
    public static StepInputs For(ArchitectureConfig config, DecoderTables tables, int past, int length, Device device)
    {
        var cos = tables.Cos?.narrow(0, past, length);
        var sin = tables.Sin?.narrow(0, past, length);
        int total = past + length, groups = config.QueriesPerKvHead;
        if (tables.Alibi is null && length == 1)
            return new(cos, sin, null, false);
        if (tables.Alibi is null && past == 0 && groups == 1)
            return new(cos, sin, null, true);

        // New token i (absolute position past + i) sees keys up to that position.
        var visible = length == 1 ? null : ones(length, total, dtype: ScalarType.Bool, device: device).tril(total - length);
        if (tables.Alibi is null)
            return new(cos, sin, groups == 1 ? visible : visible!.repeat([groups, 1]), false);
        var bias = tables.Alibi.narrow(2, 0, total);
        if (visible is not null)
            bias = where(visible, bias, tables.MinusInfinity!);
        if (groups > 1)
            bias = bias.reshape(config.KvHeads, groups * length, total);
        return new(cos, sin, bias, false);
    }
}
