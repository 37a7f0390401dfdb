using EnergyBench.Models.Gpt2;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models;

/// <summary>A model directory whose config, weights and tokenizer were loaded without error.</summary>
public sealed record CheckedModel(ModelDirectory Directory, Gpt2Config Config, Tokenizer Tokenizer)
{
    /// <summary>The longest sequence, prompt and generated tokens together, the model takes (<c>n_positions</c>).</summary>
    public int ContextLength => Config.NPositions;
}
