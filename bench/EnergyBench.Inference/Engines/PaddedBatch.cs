namespace EnergyBench.Inference.Engines;

/// <summary>
/// The attention mask of a batch session and the positions it implies, row by row: a token's position counts the
/// attended tokens before it in its row (cumsum(mask) - 1, as Hugging Face numbers a left-padded batch), so a padded
/// row's tokens have the positions they have alone. Padding gets position 0 for keys (Hugging Face's ALiBi) and 1 for
/// queries (its position_ids); both are hidden by the mask. The engines' batch sessions share this bookkeeping.
/// </summary>
public sealed class PaddedBatch
{
    private readonly int _vocabSize, _maxPositions;
    private readonly bool[] _attended;
    private readonly long[] _positions;
    private readonly int[] _counted;

    public PaddedBatch(int rows, int vocabSize, int maxPositions)
    {
        if (rows < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "a batch has at least one row");
        Rows = rows;
        _vocabSize = vocabSize;
        _maxPositions = maxPositions;
        _attended = new bool[rows * maxPositions];
        _positions = new long[rows * maxPositions];
        _counted = new int[rows];
    }

    public int Rows { get; }

    /// <summary>Positions held, padding included.</summary>
    public int Length { get; private set; }

    /// <summary>New tokens per row of the last <see cref="Append"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Checks a step's sizes, ids and mask and adds its tokens after the <see cref="Length"/> held; returns the new
    /// tokens per row.
    /// </summary>
    public int Append(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended)
    {
        if (tokenIds.Length != attended.Length || tokenIds.Length == 0 || tokenIds.Length % Rows != 0)
            throw new ArgumentException($"a step of a batch of {Rows} rows takes rows x n token ids and as many mask values; got {tokenIds.Length} ids and {attended.Length} mask values");
        int count = tokenIds.Length / Rows, total = Length + count;
        if (total > _maxPositions)
            throw new InvalidOperationException($"the rows would have {total} positions; the model takes at most {_maxPositions}");
        if (Prompts.PromptVocabularyCheck.FirstOutside(tokenIds, _vocabSize) is { } id)
            throw new ArgumentException($"token id {id} is outside the model's vocabulary of {_vocabSize} ids");
        for (int row = 0; row < Rows; row++)
            for (int i = 0; i < count; i++)
            {
                int at = row * _maxPositions + Length + i;
                bool kept = attended[row * count + i];
                _attended[at] = kept;
                _positions[at] = kept ? _counted[row]++ : 0;
            }
        for (int row = 0; row < Rows; row++)
            if (_counted[row] == 0)
                throw new ArgumentException($"row {row} of the batch has no attended token yet; a row starts with its padding, then its tokens");
        Length = total;
        Count = count;
        return count;
    }

    /// <summary>Whether position <paramref name="position"/> of <paramref name="row"/> is a token (not padding).</summary>
    public bool Attended(int row, int position) => _attended[row * _maxPositions + position];

    /// <summary>The position of a kept token, 0 for padding (the keys' numbering).</summary>
    public long KeyPosition(int row, int position) => _positions[row * _maxPositions + position];

    /// <summary>The new tokens' positions, [rows, count], with 1 for padding (the queries' numbering).</summary>
    public void QueryPositions(Span<long> destination)
    {
        for (int row = 0; row < Rows; row++)
            for (int i = 0; i < Count; i++)
            {
                int position = Length - Count + i;
                destination[row * Count + i] = Attended(row, position) ? KeyPosition(row, position) : 1;
            }
    }

    /// <summary>The mask of every position held, [rows, length], 1 for a token and 0 for padding.</summary>
    public void Mask(Span<long> destination)
    {
        for (int row = 0; row < Rows; row++)
            for (int j = 0; j < Length; j++)
                destination[row * Length + j] = Attended(row, j) ? 1 : 0;
    }
}
