using EnergyBench.Models.Architectures;
using Microsoft.ML.Tokenizers;

namespace EnergyBench.Models;

/// <summary>A model directory whose config, weights and tokenizer were loaded without error.</summary>
public sealed record CheckedModel(ModelDirectory Directory, ArchitectureConfig Config, Tokenizer Tokenizer)
{
    /// <summary>The longest sequence, prompt and generated tokens together, the model takes (<c>n_positions</c>, <c>max_position_embeddings</c>).</summary>
    public int ContextLength => Config.MaxPositions;

    /// <summary>Why a prompt token id the model has no embedding row for is refused: names the tokenizer's files and the model.</summary>
    public string OutOfVocabulary(int tokenId) =>
        $"token id {tokenId} from the tokenizer ({Tokenization.ModelTokenizer.Describe(Directory.Path)} in {Directory.Path}) is outside " +
        $"model {Directory.Name}'s vocabulary of {Config.VocabSize} ids: the tokenizer and the weights do not belong together";
}
