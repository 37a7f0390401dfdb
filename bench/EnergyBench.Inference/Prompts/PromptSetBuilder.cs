using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Prompts;

/// <summary>Builds a prompt set from HumanEval: one window per problem, reproducible from the set's seed.</summary>
public static class PromptSetBuilder
{
    public const ulong DefaultSeed = 20240101;
    public const string DefaultTokenizer = "cl100k_base";

    public static PromptSet Build(string sourcePath, string outputPath, ulong seed = DefaultSeed, Tokenizer? tokenizer = null,
        string tokenizerName = DefaultTokenizer)
    {
        tokenizer ??= TiktokenTokenizer.CreateForEncoding(tokenizerName);
        var sampler = new PromptWindowSampler(tokenizer, tokenizerName);
        var problems = HumanEvalSource.Load(sourcePath);
        var prompts = problems
            .Select((problem, i) => sampler.Sample(i, problem, PromptWindowSampler.ProblemSeed(seed, problem.TaskId)))
            .ToList();
        return new PromptSet(outputPath, prompts);
    }
}
