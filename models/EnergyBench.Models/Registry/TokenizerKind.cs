using System.Text.Json.Serialization;

namespace EnergyBench.Models.Registry;

/// <summary>How a study model's repository describes its tokenizer, i.e. which files a loader reads.</summary>
public enum TokenizerKind
{
    /// <summary>GPT-2 byte-level BPE from <c>vocab.json</c> + <c>merges.txt</c>.</summary>
    [JsonStringEnumMemberName("byte-level-bpe-vocab-merges")]
    ByteLevelBpeVocabMerges,

    /// <summary>Byte-level BPE from <c>tokenizer.json</c>, with the file's own normalizer and pre-tokenizer.</summary>
    [JsonStringEnumMemberName("byte-level-bpe-tokenizer-json")]
    ByteLevelBpeTokenizerJson,

    /// <summary>SentencePiece-style BPE (<c>▁</c> spaces, byte fallback): <c>tokenizer.model</c> and <c>tokenizer.json</c>.</summary>
    [JsonStringEnumMemberName("sentencepiece-bpe")]
    SentencePieceBpe,
}
