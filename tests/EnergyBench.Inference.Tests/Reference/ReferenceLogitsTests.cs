using EnergyBench.Inference.Generation;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>Every engine configuration computes the logits the reference computes, for every architecture.</summary>
[Collection(ArchitectureModelsCollection.Name)]
public class ReferenceLogitsTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    /// <summary>|engine - reference| must stay below this share of the largest |logit|: fp32 against double.</summary>
    public const double Tolerance = 1e-4;

    private const int DecodeSteps = 3;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string preset in ArchitectureModelsFixture.Presets)
            foreach (string configuration in ArchitectureModelsFixture.Configurations)
                cases.Add(preset, configuration);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prompt_and_cached_step_logits_match_the_reference(string preset, string configuration)
    {
        var reference = ReferenceDecoder.Open(models.Model(preset).Path);
        using var engine = models.Engine(preset, configuration);
        double worst = 0;
        foreach (var prompt in TestModelFixture.Prompts)
        {
            // The prompt in one step, then single tokens through the KV cache at later positions.
            using var session = engine.StartSession();
            var sequence = new List<int>(prompt);
            var logits = session.Step(prompt);
            for (int step = 0; ; step++)
            {
                double[] expected = reference.LastLogits(sequence);
                Assert.Equal(expected.Length, logits.Length);
                double difference = LogitDifference.Max(logits, expected), scale = LogitDifference.Scale(expected);
                worst = Math.Max(worst, difference / scale);
                Assert.True(difference < Tolerance * scale,
                    $"{preset} {configuration}, {sequence.Count} tokens: max |engine - reference| {difference:G3} at logit scale {scale:G3}");
                if (step == DecodeSteps)
                    break;
                sequence.Add(GreedyGenerator.ArgMax(logits));
                logits = session.Step(new[] { sequence[^1] });
            }
        }
        output.WriteLine($"{preset} {configuration}: max |engine - reference| / largest |logit| = {worst:G3}");
    }
}
