using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Prompts;
using EnergyBench.Models.Tokenization;
using Xunit.Abstractions;

namespace EnergyBench.Inference.Tests.Reference;

/// <summary>
/// Along greedy generation, the two best tokens of every architecture's test preset are far enough apart that fp32
/// engines cannot disagree on the argmax, and the output is not one token repeated: the synthetic weights make a
/// model whose generated tokens can be compared between engines.
/// </summary>
[Collection(ArchitectureModelsCollection.Name)]
public class GreedyMarginTests(ArchitectureModelsFixture models, ITestOutputHelper output)
{
    private const int PromptCount = 8, PromptTokens = 20, NewTokens = 16;

    /// <summary>The smallest top-2 margin must exceed the engine's largest difference from the reference this often.</summary>
    public const double DecisiveRatio = 20;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (string preset in ArchitectureModelsFixture.Presets)
            cases.Add(preset, "onnx-cpu");
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Top2_margins_are_decisive_and_output_varies(string preset, string configuration)
    {
        var reference = ReferenceDecoder.Open(models.Model(preset).Path);
        using var engine = models.Engine(preset, configuration);
        double largestDifference = 0;
        int disagreements = 0;
        var margins = new List<double>();
        var generated = new List<int[]>();
        foreach (var prompt in Prompts(models.Model(preset).Path))
        {
            using var session = engine.StartSession();
            var sequence = new List<int>(prompt);
            var logits = session.Step(prompt);
            for (int step = 0; step < NewTokens; step++)
            {
                double[] expected = reference.LastLogits(sequence);
                largestDifference = Math.Max(largestDifference, LogitDifference.Max(logits, expected));
                margins.Add(LogitDifference.TopTwoMargin(logits));
                int token = GreedyGenerator.ArgMax(logits);
                if (token != Array.IndexOf(expected, expected.Max()))
                    disagreements++;
                sequence.Add(token);
                if (step + 1 < NewTokens)
                    logits = session.Step(new[] { sequence[^1] });
            }
            generated.Add([.. sequence.Skip(prompt.Length)]);
        }
        margins.Sort();
        double smallestMargin = margins[0];
        int distinct = generated.SelectMany(g => g).Distinct().Count();
        int repeating = generated.Count(g => g.Distinct().Count() == 1);
        output.WriteLine($"{preset} {configuration}: smallest top-2 margins {string.Join(", ", margins.Take(3).Select(m => m.ToString("G3")))}, " +
                         $"median {margins[margins.Count / 2]:G3}; largest |engine - reference| {largestDifference:G3}; ratio {smallestMargin / largestDifference:G3}");
        output.WriteLine($"{distinct} distinct of {generated.Sum(g => g.Length)} generated tokens, {repeating} of {generated.Count} continuations " +
                         $"one repeated token, {disagreements} tokens unlike the reference's");
        foreach (var tokens in generated)
            output.WriteLine("  " + string.Join(" ", tokens));
        Assert.True(smallestMargin > DecisiveRatio * largestDifference,
            $"{preset}: the closest top-2 race ({smallestMargin:G3}) is within {DecisiveRatio}x the engine's error ({largestDifference:G3})");
        Assert.Equal(0, disagreements);
        Assert.True(repeating == 0, $"{preset}: {repeating} of {generated.Count} continuations are one token repeated");
    }

    /// <summary>The last tokens of the first prompts of the default prompt set.</summary>
    private static IEnumerable<int[]> Prompts(string modelPath)
    {
        var tokenizer = ModelTokenizer.Load(modelPath);
        return PromptSet.Load(PromptSet.DefaultName).Prompts.Take(PromptCount)
            .Select(p => tokenizer.EncodeToIds(p.Prompt).TakeLast(PromptTokens).ToArray());
    }
}
