using System.Text.Json.Serialization;

namespace EnergyBench.Inference.Prompts;

/// <summary>
/// One line of a prompt set. <c>seed</c> reproduces the window on its own: a <c>DeterministicRandom(seed)</c> draws the
/// window length and start over the problem's tokens; <c>start</c> and <c>window</c> record what it drew.
/// </summary>
public sealed record PromptRecord(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("token_count")] int TokenCount,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("window")] int Window,
    [property: JsonPropertyName("tokenizer")] string Tokenizer);
