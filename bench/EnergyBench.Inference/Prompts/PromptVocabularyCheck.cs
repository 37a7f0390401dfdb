using Microsoft.ML.Tokenizers;

namespace EnergyBench.Inference.Prompts;

/// <summary>A prompt token id the model has no embedding row for: the tokenizer is not the one its weights were trained with.</summary>
public sealed record OutOfVocabularyToken(int Line, int TokenId);

/// <summary>
/// Finds token ids at or beyond the model's vocabulary before any engine sees them: an engine would index past its
/// embedding table and fail with a native error, or read another tensor's memory.
/// </summary>
public static class PromptVocabularyCheck
{
    /// <summary>The first id outside [0, <paramref name="vocabSize"/>), or null.</summary>
    public static int? FirstOutside(ReadOnlySpan<int> ids, int vocabSize)
    {
        foreach (int id in ids)
            if (id < 0 || id >= vocabSize)
                return id;
        return null;
    }

    /// <summary>The first prompt of the set that the tokenizer turns into an id the model does not have, or null.</summary>
    public static OutOfVocabularyToken? Find(PromptSet set, Tokenizer tokenizer, int vocabSize)
    {
        for (int i = 0; i < set.Prompts.Count; i++)
            if (FirstOutside(tokenizer.EncodeToIds(set.Prompts[i].Prompt).ToArray(), vocabSize) is { } id)
                return new OutOfVocabularyToken(set.LineOf(i), id);
        return null;
    }
}
