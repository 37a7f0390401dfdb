using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests;

/// <summary>
/// Managed bytes a greedy generation allocates on the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
/// for N, 2N and 4N new tokens of gpt2-test in each CPU engine. What an extra token costs is bounded and the same at
/// every position: a steady state allocates nothing that grows with max_new_tokens beyond the engine API's per-call
/// objects. On gpt2-test, a managed copy of the logits per step would cost vocab x 4 bytes (about 400 KB) per token,
/// and a managed copy of the KV cache per step would cost 256 bytes more per token for each position further on
/// (2 layers x key and value x 16 floats x 4 bytes).
/// </summary>
public class GenerationAllocationTests(TestModelFixture fixture, ITestOutputHelper output) : IClassFixture<TestModelFixture>
{
    private const int N = 12; // the longest run, 4 prompt tokens + 4N, fits gpt2-test's 64 positions

    /// <summary>Room for measurement noise in the per-token difference, far below the 256 bytes per position a KV copy adds.</summary>
    private const long GrowthToleranceBytes = 64;

    [Theory]
    [InlineData("torch-cpu")]
    [InlineData("jit-cpu")]
    [InlineData("onnx-cpu")]
    public void An_extra_token_allocates_a_bounded_amount_that_does_not_grow_with_the_position(string configuration)
    {
        using var engine = EngineFactory.Create(ServingConfiguration.Parse(configuration), fixture.Model, new EngineOptions(1));
        int[] prompt = TestModelFixture.Prompts[0];
        for (int i = 0; i < 3; i++)
            GreedyGenerator.Generate(engine, prompt, 4 * N); // first-call initialisation and the JIT's tiers, outside the measurement

        long once = Allocated(engine, prompt, N), twice = Allocated(engine, prompt, 2 * N), fourTimes = Allocated(engine, prompt, 4 * N);
        long early = (twice - once) / N, late = (fourTimes - twice) / (2 * N);
        long logitsBytes = (long)engine.VocabSize * sizeof(float);
        output.WriteLine($"{configuration}: {once} B for {N} tokens, {twice} B for {2 * N}, {fourTimes} B for {4 * N}; " +
                         $"per extra token {early} B (tokens {N + 1}-{2 * N}), {late} B (tokens {2 * N + 1}-{4 * N}); one logits vector {logitsBytes} B");

        // A sixteenth of one logits vector: room for the engine API's per-call wrappers, none for a vocabulary-sized buffer per step.
        Assert.True(early < logitsBytes / 16, $"{configuration} allocates {early} B per extra token, more than {logitsBytes / 16} B");
        Assert.True(Math.Abs(late - early) <= GrowthToleranceBytes,
            $"{configuration}'s allocations per extra token grow with the position: {early} B early, {late} B later");
    }

    /// <summary>Managed bytes one generation of <paramref name="maxNewTokens"/> allocates on this thread, the least of three runs.</summary>
    private static long Allocated(IDecoderEngine engine, int[] prompt, int maxNewTokens)
    {
        long least = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            GreedyGenerator.Generate(engine, prompt, maxNewTokens);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
