using EnergyBench.Inference.Engines;

namespace EnergyBench.Inference.Tests;

/// <summary>The mask and positions of a left-padded batch, worked out by hand from cumsum(mask) - 1.</summary>
public class PaddedBatchTests
{
    [Fact]
    public void Positions_count_only_a_rows_own_tokens()
    {
        var batch = new PaddedBatch(rows: 2, vocabSize: 100, maxPositions: 8);
        // Row 0: two padding tokens, then three tokens; row 1: five tokens.
        batch.Append([0, 0, 7, 8, 9, 1, 2, 3, 4, 5], [false, false, true, true, true, true, true, true, true, true]);

        var queries = new long[10];
        batch.QueryPositions(queries);
        Assert.Equal([1, 1, 0, 1, 2, 0, 1, 2, 3, 4], queries);
        var mask = new long[10];
        batch.Mask(mask);
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 1, 1, 1], mask);
        Assert.Equal([0L, 0, 0, 1, 2], Enumerable.Range(0, 5).Select(j => batch.KeyPosition(0, j)));

        // The next token of each row follows its own count: 3 and 5.
        batch.Append([10, 6], [true, true]);
        var next = new long[2];
        batch.QueryPositions(next);
        Assert.Equal([3, 5], next);
        Assert.Equal(6, batch.Length);
        Assert.Equal(1, batch.Count);
    }

    [Fact]
    public void A_step_that_does_not_fit_the_rows_is_refused_with_the_sizes()
    {
        var batch = new PaddedBatch(rows: 2, vocabSize: 100, maxPositions: 4);
        var e = Assert.Throws<ArgumentException>(() => batch.Append([1, 2, 3], [true, true, true]));
        Assert.Contains("batch of 2 rows", e.Message);
        Assert.Throws<InvalidOperationException>(() => batch.Append([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], new bool[10].Select(_ => true).ToArray()));
        var empty = Assert.Throws<ArgumentException>(() => batch.Append([0, 0, 1, 2], [false, false, true, true]));
        Assert.Contains("row 0", empty.Message);
        Assert.Throws<ArgumentException>(() => batch.Append([1, 200, 1, 2], [true, true, true, true]));
    }
}
