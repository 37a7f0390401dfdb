using EnergyBench.Models.Architectures;
using static TorchSharp.torch;

namespace EnergyBench.Inference.Engines.Torch;

/// <summary>
/// What every layer of one step shares, made once per step: the rotary cos and sin of the new positions and the
/// attention mask. The mask is null where SDPA needs none (one new token without ALiBi) or builds its own
/// (<see cref="Causal"/>: a prompt with no past, one query per KV head). <see cref="Positions"/>, the new tokens'
/// positions [rows, new], is set for a padded batch only, whose rows number their tokens apart.
/// </summary>
internal readonly record struct StepInputs(Tensor? Cos, Tensor? Sin, Tensor? Mask, bool Causal, Tensor? Positions = null)
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

    /// <summary>
    /// The step of a padded batch (<see cref="PaddedBatch"/>, its tokens already appended): cos and sin [rows, 1, new,
    /// rotary dims] at each row's own positions, and always a mask, [rows, 1 or heads, rows of queries, keys], as
    /// padding keys are hidden at every step. A query sees the keys up to itself that are tokens, and always itself, so
    /// a padding query's row of the mask is not empty (SDPA would give it NaN, and its key and value are cached).
    /// ALiBi's bias is the table's at each key's own position, so a row gets its unpadded values.
    /// </summary>
    public static StepInputs ForBatch(ArchitectureConfig config, DecoderTables tables, PaddedBatch batch, Device device)
    {
        int rows = batch.Rows, length = batch.Count, total = batch.Length, past = total - length, groups = config.QueriesPerKvHead;
        var queryPositions = new long[rows * length];
        batch.QueryPositions(queryPositions);
        var positions = tensor(queryPositions, [rows, length], dtype: ScalarType.Int64).to(device);

        Tensor? cos = null, sin = null;
        if (tables.Cos is not null)
        {
            var flat = positions.flatten();
            cos = tables.Cos.index_select(0, flat).view(rows, 1, length, -1);
            sin = tables.Sin!.index_select(0, flat).view(rows, 1, length, -1);
        }

        var visible = new bool[rows * length * total];
        for (int row = 0; row < rows; row++)
            for (int i = 0; i < length; i++)
                for (int j = 0; j <= past + i; j++)
                    visible[(row * length + i) * total + j] = j == past + i || batch.Attended(row, j);
        var mask = tensor(visible, [rows, 1, length, total]).to(device);
        if (tables.Alibi is null)
            return new(cos, sin, groups == 1 ? mask : mask.repeat([1, 1, groups, 1]), false, positions);

        var keyPositions = new long[rows * total];
        for (int row = 0; row < rows; row++)
            for (int j = 0; j < total; j++)
                keyPositions[row * total + j] = batch.KeyPosition(row, j);
        var keys = tensor(keyPositions, [rows * total], dtype: ScalarType.Int64).to(device);
        var bias = tables.Alibi.index_select(2, keys).view(config.Heads, rows, 1, total).transpose(0, 1);
        bias = where(mask, bias, tables.MinusInfinity!);
        if (groups > 1)
            bias = bias.reshape(rows, config.KvHeads, groups * length, total);
        return new(cos, sin, bias, false, positions);
    }
}
