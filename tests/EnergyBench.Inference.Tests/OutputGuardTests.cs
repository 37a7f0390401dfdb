using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Equivalence;

namespace EnergyBench.Inference.Tests;

public class OutputGuardTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    private static readonly GuardOptions Exact = GuardOptions.Default(Precision.Fp32);

    [Fact]
    public void The_subset_spreads_over_the_prompt_set_and_never_repeats()
    {
        Assert.Equal([0, 20, 41, 61, 82, 102, 123, 143], OutputGuard.Subset(164, 8));
        Assert.Equal([0, 1, 2], OutputGuard.Subset(3, 8));
        Assert.Empty(OutputGuard.Subset(164, 0));
    }

    [Fact]
    public void Identical_engines_agree_on_every_prompt()
    {
        using var torch = EngineFactory.Create(ServingConfiguration.TorchCpu, fixture.Model, new EngineOptions(1));
        using var jit = EngineFactory.Create(ServingConfiguration.Parse("jit-cpu"), fixture.Model, new EngineOptions(1));
        int[] subset = OutputGuard.Subset(TestModelFixture.Prompts.Length, 8);
        var agreement = OutputGuard.Compare(subset,
            OutputGuard.Generate(torch, TestModelFixture.Prompts, subset, 12), OutputGuard.Generate(jit, TestModelFixture.Prompts, subset, 12), Exact);
        Assert.True(agreement.Valid);
        Assert.Equal("4/4", agreement.Short);
        Assert.Null(agreement.First);
        Assert.Equal("4/4 prompts identical to torch-cpu (all tokens, 100 % required)", agreement.Describe("jit-cpu"));
    }

    [Fact]
    public void A_perturbed_engine_is_flagged_with_its_first_diverging_prompt_and_position()
    {
        using var torch = EngineFactory.Create(ServingConfiguration.TorchCpu, fixture.Model, new EngineOptions(1));
        int[] subset = OutputGuard.Subset(TestModelFixture.Prompts.Length, 8);
        var reference = OutputGuard.Generate(torch, TestModelFixture.Prompts, subset, 12);
        // Prompt 2 is the one-token prompt [13]; the perturbation changes its 6th generated token (position 5).
        using var perturbed = new PerturbedEngine(torch, prompt: TestModelFixture.Prompts[2], position: 5);
        var candidate = OutputGuard.Generate(perturbed, TestModelFixture.Prompts, subset, 12);

        var agreement = OutputGuard.Compare(subset, reference, candidate, Exact);

        Assert.False(agreement.Valid);
        Assert.Equal("INVALID 3/4", agreement.Short);
        Assert.Equal(new Divergence(2, 5, reference[2][5], PerturbedEngine.Token(reference[2][5])), agreement.First);
        Assert.StartsWith("INVALID: 3/4 prompts identical to torch-cpu", agreement.Describe("perturbed"));
        Assert.Contains($"first difference at prompt 2, generated position 5: torch-cpu {reference[2][5]}, perturbed {candidate[2][5]}", agreement.Describe("perturbed"));

        // A reduced-precision tolerance: identical first 5 tokens on 75 % of the prompts passes.
        var tolerant = OutputGuard.Compare(subset, reference, candidate, Exact with { Tokens = 5, RequiredShare = 0.75 });
        Assert.True(tolerant.Valid);
        Assert.Equal("4/4", tolerant.Short);
        Assert.True(OutputGuard.Compare(subset, reference, candidate, Exact with { RequiredShare = 0.75 }).Valid);
    }

    [Fact]
    public void Under_a_stop_policy_the_common_prefix_is_compared_and_the_stopping_points_are_reported()
    {
        int[] subset = [0, 1, 2];
        int[][] reference = [[1, 2, 3], [4, 5], [7, 8, 9, 10]];
        // Prompt 0 agrees; prompt 1 goes on past the reference's stop; prompt 2 differs inside the common prefix.
        int[][] candidate = [[1, 2, 3], [4, 5, 6], [7, 0]];

        var agreement = OutputGuard.Compare(subset, reference, candidate, Exact, stopping: true);

        Assert.Equal("INVALID 1/3", agreement.Short);
        Assert.Equal(1, agreement.SameStop);
        Assert.Equal(new Divergence(1, 2, -1, 6), agreement.First);
        Assert.Contains("stopping points agree in 1/3; first difference at prompt 1, generated position 2: torch-cpu (ended), other 6", agreement.Describe("other"));

        // Comparing only the first 2 tokens, as reduced precision does, a later stop or a later difference passes.
        var tolerant = OutputGuard.Compare(subset, reference, candidate, Exact with { Tokens = 2 }, stopping: true);
        Assert.Equal("2/3", tolerant.Short[^3..]);
        Assert.Equal(new Divergence(2, 1, 8, 0), tolerant.First);

        // Fixed-length outputs never mention stopping points.
        Assert.DoesNotContain("stopping", OutputGuard.Compare(subset, reference, reference, Exact).Describe("other"));
    }

    /// <summary>
    /// Wraps an engine and, for one prompt, moves the top logit to another token at one generated position: a
    /// deliberately wrong engine.
    /// </summary>
    private sealed class PerturbedEngine(IDecoderEngine inner, int[] prompt, int position) : IDecoderEngine
    {
        public static int Token(int original) => (original + 1) % 50;

        public ServingConfiguration Configuration => inner.Configuration;
        public int VocabSize => inner.VocabSize;
        public int MaxPositions => inner.MaxPositions;
        public IReadOnlyDictionary<string, string> Settings => inner.Settings;
        public IDecoderSession StartSession() => new Session(inner.StartSession(), prompt, position);
        public void Synchronize() => inner.Synchronize();
        public void Dispose() { }

        private sealed class Session(IDecoderSession inner, int[] prompt, int position) : IDecoderSession
        {
            private bool _matches;
            private int _steps;
            private float[] _logits = [];

            public int Length => inner.Length;

            public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokenIds)
            {
                if (_steps == 0)
                    _matches = tokenIds.SequenceEqual(prompt);
                _logits = inner.Step(tokenIds).ToArray();
                if (_matches && _steps == position)
                    _logits[Token(Generation.GreedyGenerator.ArgMax(_logits))] = _logits.Max() + 1;
                _steps++;
                return _logits;
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
