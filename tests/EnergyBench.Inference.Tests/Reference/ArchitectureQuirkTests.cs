using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// One test per architecture quirk: the engine matches the true reference and differs clearly from a reference that
/// does the quirk the naive way. The second half fails when an engine does it the GPT-2 way, and proves the test
/// preset exercises the quirk at all.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class ArchitectureQuirkTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    /// <summary>The naive reference must miss by this share of the largest |logit| at least, far above the tolerance.</summary>
    public const double ClearDifference = 1e-2;

    public sealed record Quirk(string Preset, NaiveChoices Naive);

    public static IReadOnlyDictionary<string, Quirk> Quirks { get; } = new Dictionary<string, Quirk>
    {
        ["codeparrot scales scores by 1/(layer + 1)"] = new("codeparrot-test", new() { NoInverseLayerScaling = true }),
        ["gpt_bigcode weights are nn.Linear [out, in], not Conv1D"] = new("gpt_bigcode-test", new() { LinearAsConv1D = true }),
        ["gpt_neox q|k|v are interleaved per head"] = new("gpt_neox-test", new() { FusedQkvAsBlocks = true }),
        ["gpt_neox rotates only the partial dims"] = new("gpt_neox-test", new() { RotaryOverWholeHead = true }),
        ["gpt_neox rotary frequencies are over the rotated dims"] = new("gpt_neox-test", new() { RotaryFrequenciesOverHeadDim = true }),
        ["gpt_neox rotary is rotate_half"] = new("gpt_neox-test", new() { RotaryInterleavedPairs = true }),
        ["gpt_neox residual is parallel"] = new("gpt_neox-test", new() { SequentialResidual = true }),
        ["bloom q|k|v are interleaved per head"] = new("bloom-test", new() { FusedQkvAsBlocks = true }),
        ["bloom ALiBi slopes for a head count that is not a power of two"] = new("bloom-test", new() { AlibiSlopesOfNextPowerOfTwo = true }),
        ["bloom ALiBi is added unscaled"] = new("bloom-test", new() { AlibiScaled = true }),
        ["bloom normalizes the embedding"] = new("bloom-test", new() { NoEmbeddingNorm = true }),
        ["llama query heads share KV heads in consecutive groups"] = new("llama-test", new() { KvHeadsTiled = true }),
        ["llama rotary is rotate_half"] = new("llama-test", new() { RotaryInterleavedPairs = true }),
        ["gemma RMSNorm multiplies by 1 + w"] = new("gemma-test", new() { NormWeightWithoutOne = true }),
        ["gemma scales the embedding by sqrt(hidden)"] = new("gemma-test", new() { NoEmbeddingScale = true }),
        ["gemma's tied head uses the unscaled embedding"] = new("gemma-test", new() { HeadWithScaledEmbedding = true }),
        ["phi rotates only the partial dims"] = new("phi-test", new() { RotaryOverWholeHead = true }),
        ["phi rotary frequencies are over the rotated dims"] = new("phi-test", new() { RotaryFrequenciesOverHeadDim = true }),
        ["phi attention and MLP read one norm in parallel"] = new("phi-test", new() { SequentialResidual = true }),
    };

    /// <summary>The configurations the quirks are checked in.</summary>
    public static IReadOnlyList<string> Configurations { get; } = ["onnx-cpu"];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string quirk in Quirks.Keys)
            foreach (string configuration in Configurations)
                cases.Add(quirk, configuration);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_follows_the_quirk_and_not_the_naive_way(string quirk, string configuration)
    {
        var (preset, naive) = Quirks[quirk];
        string path = models.Model(preset).Path;
        var reference = ReferenceDecoder.Open(path);
        var naiveReference = ReferenceDecoder.Open(path, naive);
        using var engine = models.Engine(preset, configuration);
        // Every prompt of more than one token: the first position is blind to most position quirks.
        foreach (var prompt in TestModelFixture.Prompts.Where(p => p.Length > 1))
        {
            using var session = engine.StartSession();
            float[] actual = session.Step(prompt).ToArray();
            double[] expected = reference.LastLogits(prompt), wrong = naiveReference.LastLogits(prompt);
            double scale = LogitDifference.Scale(expected);
            double difference = LogitDifference.Max(actual, expected), naiveDifference = LogitDifference.Max(actual, wrong);
            output.WriteLine($"{prompt.Length} tokens: |engine - reference| = {difference:G3}, |engine - naive| = {naiveDifference:G3}, largest logit {scale:G3}");
            Assert.True(difference < ReferenceLogitsTests.Tolerance * scale, $"{quirk}: the engine misses the reference by {difference:G3} (logit scale {scale:G3})");
            Assert.True(naiveDifference > ClearDifference * scale,
                $"{quirk}: the engine is within {naiveDifference:G3} of the naive reference (logit scale {scale:G3}), {prompt.Length} tokens");
        }
    }
}
