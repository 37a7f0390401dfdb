using System.CommandLine;
using System.Text.Json;
using EnergyBench.Benchmarks;
using EnergyBench.Inference.Engines;
using EnergyBench.Inference.Generation;
using EnergyBench.Inference.Prompts;
using EnergyBench.Inference.Stopping;
using EnergyBench.Models;

namespace EnergyBench.Cli;

/// <summary><c>generate</c>: one prompt through one configuration, to smoke-test it or check a model against another implementation.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "preset name or model directory", Required = true };
        var configuration = new Option<string>("--config")
        {
            Description = "serving configuration: " + string.Join(", ", ServingConfiguration.All.Select(c => c.ShortName)), Required = true,
        };
        var precision = new Option<string>("--precision") { Description = "fp32, fp16 or bf16", DefaultValueFactory = _ => "fp32" };
        var prompt = new Option<string?>("--prompt") { Description = "prompt text" };
        var promptIds = new Option<string?>("--prompt-ids") { Description = "prompt token ids, comma separated" };
        var maxNewTokens = new Option<int>("--max-new-tokens") { DefaultValueFactory = _ => BenchmarkSettings.DefaultMaxNewTokens };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads (default: one per physical core)" };
        var allowTruncation = new Option<bool>("--allow-truncation") { Description = "generate fewer tokens when the prompt leaves too little context, instead of stopping" };
        var stop = new Option<string>("--stop") { Description = "fixed, eos or code: when generation ends", DefaultValueFactory = _ => "fixed" };
        var json = new Option<bool>("--json") { Description = "print {\"prompt_ids\", \"tokens\", \"text\"} as JSON" };
        var command = new Command("generate", "Greedy generation for one prompt")
        {
            model, configuration, prompt, promptIds, maxNewTokens, threads, precision, stop, allowTruncation, json,
        };
        command.SetAction(result => CliErrors.Guard(() =>
        {
            int count = result.GetValue(maxNewTokens);
            if (count <= 0)
                throw new ArgumentException($"--max-new-tokens: '{count}' is not a positive integer");
            if (result.GetValue(threads) is <= 0 and var badThreads)
                throw new ArgumentException($"--threads: '{badThreads}' is not a positive integer");
            var policy = Named("--stop", result.GetValue(stop)!, StopPolicyNames.Parse);
            var serving = ServingConfiguration.Parse(result.GetValue(configuration)!);
            var options = (result.GetValue(threads) is { } n ? new EngineOptions(n) : EngineOptions.Default)
                with { Precision = PrecisionNames.Parse(result.GetValue(precision)!) };
            var checkedModel = ModelDirectory.Resolve(result.GetValue(model)!).RequireBuilt().Check();
            var (directory, tokenizer) = (checkedModel.Directory, checkedModel.Tokenizer);
            int[] ids = PromptIds(result.GetValue(prompt), result.GetValue(promptIds), tokenizer);
            if (PromptVocabularyCheck.FirstOutside(ids, checkedModel.Config.VocabSize) is { } outside)
                throw new ArgumentException(result.GetValue(promptIds) is null
                    ? checkedModel.OutOfVocabulary(outside)
                    : $"--prompt-ids: token id {outside} is outside model {directory.Name}'s vocabulary of {checkedModel.Config.VocabSize} ids");
            if (PromptLengthCheck.IsCut(ids.Length, count, checkedModel.ContextLength) && !result.GetValue(allowTruncation))
                throw new ArgumentException($"the prompt's {ids.Length} tokens + {count} new tokens exceed model {directory.Name}'s context of " +
                                            $"{checkedModel.ContextLength} tokens: lower --max-new-tokens, or pass --allow-truncation to get fewer tokens");
            var stopping = StopSetup.For(policy, directory);
            using var engine = EngineFactory.Create(serving, directory, options);
            int[] tokens = GreedyGenerator.Generate(engine, ids, count, stopping.Rule);
            string text = tokenizer.Decode(tokens) ?? "";
            if (result.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { prompt_ids = ids, tokens, text }));
            else
                Console.WriteLine($"prompt ids: {string.Join(",", ids)}\ntokens:     {string.Join(",", tokens)}\ntext:       {text}");
            return 0;
        }));
        return command;
    }

    private static T Named<T>(string option, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{option}: {e.Message}", e);
        }
    }

    private static int[] PromptIds(string? text, string? ids, Microsoft.ML.Tokenizers.Tokenizer tokenizer)
    {
        if ((text is null) == (ids is null))
            throw new ArgumentException("give exactly one of --prompt and --prompt-ids");
        if (text is not null)
            return tokenizer.EncodeToIds(text).ToArray();
        return ids!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, out int id) && id >= 0 ? id : throw new ArgumentException($"--prompt-ids: '{s}' is not a token id"))
            .ToArray();
    }
}
