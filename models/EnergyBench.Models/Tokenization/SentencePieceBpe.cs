using System.Text;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// The BPE model of a SentencePiece-style tokenizer.json, as Hugging Face's tokenizers run it: a word starts as its
/// characters (code points), the adjacent pair with the lowest merge rank is merged (the leftmost among equals) until
/// no pair has a rank; a resulting piece missing from the vocabulary becomes its UTF-8 bytes as &lt;0xXX&gt; pieces
/// (byte fallback), or the unknown token, consecutive unknown tokens fused into one when the file says so.
/// </summary>
public sealed class SentencePieceBpe(
    IReadOnlyDictionary<string, int> vocabulary,
    IReadOnlyDictionary<(string Left, string Right), int> mergeRanks,
    bool byteFallback,
    int? unknownId,
    bool fuseUnknown,
    bool ignoreMerges)
{
    /// <summary>The ids of <paramref name="words"/>, one after the other.</summary>
    public void Encode(IEnumerable<string> words, List<int> ids)
    {
        bool lastWasUnknown = false;
        foreach (string word in words)
        {
            if (word.Length == 0)
                continue;
            IEnumerable<string> pieces = ignoreMerges && vocabulary.ContainsKey(word) ? [word] : Merge(word);
            foreach (string piece in pieces)
            {
                foreach (int id in Ids(piece))
                {
                    bool unknown = id == unknownId;
                    if (!(unknown && lastWasUnknown && fuseUnknown))
                        ids.Add(id);
                    lastWasUnknown = unknown;
                }
            }
        }
    }

    private IEnumerable<int> Ids(string piece)
    {
        if (vocabulary.TryGetValue(piece, out int id))
            return [id];
        if (byteFallback)
        {
            var bytes = Encoding.UTF8.GetBytes(piece).Select(b => vocabulary.GetValueOrDefault(PieceDecoder.ByteToken(b), -1)).ToList();
            if (bytes.All(b => b >= 0))
                return bytes;
        }
        return [unknownId ?? throw new ArgumentException(
            $"'{piece}' is not in the tokenizer's vocabulary and it has neither its byte pieces nor an unknown token")];
    }

    /// <summary>The word's pieces after every merge that applies, lowest rank first, leftmost first among equal ranks.</summary>
    private List<string> Merge(string word)
    {
        var symbols = new List<string>();
        foreach (Rune rune in word.EnumerateRunes())
            symbols.Add(rune.ToString());
        int n = symbols.Count;
        var next = Enumerable.Range(1, n).Select(i => i < n ? i : -1).ToArray();
        var previous = Enumerable.Range(-1, n).ToArray();
        var alive = Enumerable.Repeat(true, n).ToArray();
        // Queue entries remember the two pieces they were made for: a merge elsewhere invalidates them.
        var queue = new PriorityQueue<(int Left, string LeftPiece, string RightPiece), (int Rank, int Position)>();
        void Offer(int left)
        {
            if (left < 0 || next[left] < 0)
                return;
            var pair = (symbols[left], symbols[next[left]]);
            if (mergeRanks.TryGetValue(pair, out int rank))
                queue.Enqueue((left, pair.Item1, pair.Item2), (rank, left));
        }
        for (int i = 0; i < n - 1; i++)
            Offer(i);
        while (queue.TryDequeue(out var entry, out _))
        {
            int left = entry.Left, right = next[left];
            if (!alive[left] || right < 0 || symbols[left] != entry.LeftPiece || symbols[right] != entry.RightPiece)
                continue;
            symbols[left] = entry.LeftPiece + entry.RightPiece;
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0)
                previous[next[right]] = left;
            Offer(previous[left]);
            Offer(left);
        }
        var pieces = new List<string>();
        for (int i = 0; i >= 0 && n > 0; i = next[i])
            pieces.Add(symbols[i]);
        return pieces;
    }
}
