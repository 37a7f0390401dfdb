using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Stopping;

namespace EnergyBench.Inference.Tests.Stopping;

/// <summary>The generation loop under a stop rule, on an engine whose every next token is the last one plus 1.</summary>
public class StoppingGenerationTests
{
    private const int Vocab = 16, End = 9;
    private static readonly EosStopRule StopAtNine = new(new HashSet<int> { End });

    [Fact]
    public void Without_a_rule_every_prompt_generates_max_new_tokens()
    {
        var engine = new CountingEngine();
        Assert.Equal([6, 7, 8, 9, 10, 11, 12, 13, 14, 15], GreedyGenerator.Generate(engine, [5], 10));
        Assert.Equal(10, engine.Steps);
    }

    [Fact]
    public void A_sequence_ends_with_the_token_it_stops_at_and_no_step_follows()
    {
        var engine = new CountingEngine();
        Assert.Equal([6, 7, 8, 9], GreedyGenerator.Generate(engine, [5], 10, StopAtNine));
        Assert.Equal(4, engine.Steps); // the prompt, then one step for each of 7, 8, 9
    }

    [Fact]
    public void A_sequence_can_stop_at_its_first_token_or_never()
    {
        var engine = new CountingEngine();
        Assert.Equal([9], GreedyGenerator.Generate(engine, [8], 10, StopAtNine));
        Assert.Equal(1, engine.Steps);
        Assert.Equal([10, 11, 12, 13, 14], GreedyGenerator.Generate(engine, [9], 5, StopAtNine));
    }

    [Fact]
    public void Batch_rows_stop_on_their_own_and_the_batch_ends_when_all_have()
    {
        var engine = new CountingEngine();
        var rows = GreedyGenerator.GenerateBatch(engine, [[5], [3, 1], [8]], 10, StopAtNine);
        Assert.Equal([6, 7, 8, 9], rows[0]);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], rows[1]);
        Assert.Equal([9], rows[2]);
        Assert.Equal(8, engine.Steps); // the prompts, then steps until the longest row stopped
        for (int row = 0; row < rows.Length; row++)
            Assert.Equal(GreedyGenerator.Generate(new CountingEngine(), new[] { new[] { 5 }, [3, 1], [8] }[row], 10, StopAtNine), rows[row]);
    }

    [Fact]
    public void A_batch_whose_rows_never_stop_generates_max_new_tokens_in_every_row()
    {
        var engine = new CountingEngine();
        var rows = GreedyGenerator.GenerateBatch(engine, [[9], [10]], 4, StopAtNine);
        Assert.Equal([[10, 11, 12, 13], [11, 12, 13, 14]], rows);
        Assert.Equal(4, engine.Steps);
    }

    /// <summary>Each row's next token is its last token plus 1 (mod the vocabulary); counts the steps computed.</summary>
    private sealed class CountingEngine : IDecoderEngine
    {
        public int Steps { get; private set; }
        public ServingConfiguration Configuration => ServingConfiguration.TorchCpu;
        public int VocabSize => Vocab;
        public int MaxPositions => 64;
        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();
        public IDecoderSession StartSession() => new Session(this);
        public IBatchDecoderSession StartBatch(int rows) => new Batch(this, rows);
        public void Synchronize() { }
        public void Dispose() { }

        private static void Next(Span<float> logits, int last)
        {
            logits.Clear();
            logits[(last + 1) % Vocab] = 1;
        }

        private sealed class Session(CountingEngine engine) : IDecoderSession
        {
            private readonly float[] _logits = new float[Vocab];
            public int Length { get; private set; }

            public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
            {
                engine.Steps++;
                Length += tokenIds.Length;
                Next(_logits, tokenIds[^1]);
                return _logits;
            }

            public void Dispose() { }
        }

        private sealed class Batch(CountingEngine engine, int rows) : IBatchDecoderSession
        {
            private readonly float[] _logits = new float[rows * Vocab];
            public int Rows => rows;
            public int Length { get; private set; }

            public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds, ReadOnlySpan<bool> attended)
            {
                engine.Steps++;
                int width = tokenIds.Length / rows;
                Length += width;
                for (int row = 0; row < rows; row++)
                    Next(_logits.AsSpan(row * Vocab, Vocab), tokenIds[row * width + width - 1]);
                return _logits;
            }

            public void Dispose() { }
        }
    }
}
