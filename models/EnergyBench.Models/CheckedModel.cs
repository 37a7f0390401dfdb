using EnergyBench.Models.Architectures;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models;

/// <summary>A model directory whose config, weights and tokenizer were loaded without error.</summary>
public sealed record CheckedModel(ModelDirectory Directory, ArchitectureConfig Config, Tokenizer Tokenizer)
{
    /// <summary>The longest sequence, prompt and generated tokens together, the model takes (<c>n_positions</c>, <c>max_position_embeddings</c>).</summary>
    public int ContextLength => Config.MaxPositions;
}
