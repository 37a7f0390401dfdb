using System.Text.Json.Nodes;
using Google.Protobuf;

namespace EnergyBench.Models.Tests;

/// <summary>
/// A small SentencePiece-style vocabulary written as the tokenizer files Llama and Gemma ship: tokenizer.json in its
/// three variants and the equivalent tokenizer.model. Ids: 0 &lt;unk&gt;, 1 &lt;s&gt;, 2 &lt;/s&gt;, then "\n" and the
/// whitespace runs "▁▁" and "▁▁▁▁" (Gemma keeps such pieces before its byte pieces), the 256 byte pieces &lt;0x00&gt;..&lt;0xFF&gt;,
/// single characters, the pieces the merges make (in merge order) and the added token &lt;fim_prefix&gt; last.
/// Characters outside the vocabulary ('y', 'é', '你') fall back to their bytes.
/// </summary>
public static class SentencePieceFiles
{
    public enum Variant
    {
        /// <summary>normalizer Sequence[Prepend('▁'), Replace(' ', '▁')], no pre-tokenizer (older Llama and TinyLlama files).</summary>
        LlamaLegacy,
        /// <summary>no normalizer, pre-tokenizer Metaspace(prepend_scheme first, split false) (newer Llama files).</summary>
        LlamaMetaspace,
        /// <summary>normalizer Replace(' ', '▁') alone: no '▁' prepended (Gemma).</summary>
        Gemma,
    }

    private static readonly string[] Characters = ["▁", "e", "r", "t", "u", "n", "d", "f", "x", "1", "2", "3", "(", ")", ":", "+", "=", "\t"];

    /// <summary>Merges by rank. Every merged piece has one split into pieces, so ranking merges and scoring pieces agree.</summary>
    public static readonly string[][] Merges =
    [
        ["▁", "▁"], ["▁▁", "▁▁"], ["r", "e"], ["t", "u"], ["re", "tu"], ["retu", "r"], ["retur", "n"], ["▁", "return"],
        ["d", "e"], ["de", "f"], ["▁", "def"], ["1", "2"], ["▁", "x"],
    ];

    public const string FimPrefix = "<fim_prefix>";

    /// <summary>The pieces in id order.</summary>
    public static readonly List<string> Pieces =
    [
        "<unk>", "<s>", "</s>", "\n", "▁▁", "▁▁▁▁",
        .. Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"),
        .. Characters,
        .. Merges.Select(m => m[0] + m[1]).Where(p => p is not ("▁▁" or "▁▁▁▁")),
        FimPrefix,
    ];

    public static int Id(string piece) => Pieces.IndexOf(piece) is >= 0 and var id ? id : throw new ArgumentException($"no piece '{piece}'");

    public static int[] Ids(params string[] pieces) => pieces.Select(Id).ToArray();

    public static JsonObject TokenizerJson(Variant variant, bool metaspaceSplit = false)
    {
        var vocab = new JsonObject();
        for (int id = 0; id < Pieces.Count - 1; id++)
            vocab[Pieces[id]] = id;
        JsonObject Added(string content, bool special) => new()
        {
            ["id"] = Id(content), ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
            ["normalized"] = false, ["special"] = special,
        };
        JsonObject Replace(string from, string to) => new() { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = from }, ["content"] = to };
        var decoder = new JsonArray(Replace("▁", " "), new JsonObject { ["type"] = "ByteFallback" }, new JsonObject { ["type"] = "Fuse" });
        if (variant != Variant.Gemma)
            decoder.Add(new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 });
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added("<unk>", true), Added("<s>", true), Added("</s>", true), Added(FimPrefix, false)),
            ["normalizer"] = variant switch
            {
                Variant.LlamaLegacy => new JsonObject
                {
                    ["type"] = "Sequence",
                    ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" }, Replace(" ", "▁")),
                },
                Variant.Gemma => Replace(" ", "▁"),
                _ => null,
            },
            ["pre_tokenizer"] = variant == Variant.LlamaMetaspace
                ? new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = metaspaceSplit }
                : null,
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                ["pair"] = new JsonArray(),
                ["special_tokens"] = new JsonObject { ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(1), ["tokens"] = new JsonArray("<s>") } },
            },
            ["decoder"] = new JsonObject { ["type"] = "Sequence", ["decoders"] = decoder },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(Merges.Select(m => (JsonNode)new JsonArray(m[0], m[1])).ToArray()),
            },
        };
    }

    public static void WriteTokenizerJson(string directory, Variant variant, bool metaspaceSplit = false) =>
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), TokenizerJson(variant, metaspaceSplit).ToJsonString());

    /// <summary>
    /// The same vocabulary as a SentencePiece BPE model (sentencepiece_model.proto: ModelProto pieces = 1, trainer_spec = 2,
    /// normalizer_spec = 3; SentencePiece piece = 1, score = 2, type = 3; TrainerSpec model_type = 3, byte_fallback = 35;
    /// NormalizerSpec name = 1, add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5). Scores fall
    /// with the id, so pieces made by earlier merges win as in the tokenizer.json; the whitespace runs and the FIM token
    /// are USER_DEFINED as in Gemma's model.
    /// </summary>
    public static void WriteTokenizerModel(string directory, bool addDummyPrefix)
    {
        using var file = File.Create(Path.Combine(directory, "tokenizer.model"));
        var output = new CodedOutputStream(file);
        for (int id = 0; id < Pieces.Count; id++)
        {
            string piece = Pieces[id];
            int type = piece switch
            {
                "<unk>" => 2,
                "<s>" or "</s>" => 3,
                "▁▁" or "▁▁▁▁" or FimPrefix => 4,
                _ when piece.StartsWith("<0x", StringComparison.Ordinal) => 6,
                _ => 1,
            };
            WriteMessage(output, 1, message =>
            {
                message.WriteTag(1, WireFormat.WireType.LengthDelimited);
                message.WriteString(piece);
                message.WriteTag(2, WireFormat.WireType.Fixed32);
                message.WriteFloat(-id);
                message.WriteTag(3, WireFormat.WireType.Varint);
                message.WriteEnum(type);
            });
        }
        WriteMessage(output, 2, trainer =>
        {
            trainer.WriteTag(3, WireFormat.WireType.Varint);
            trainer.WriteEnum(2); // BPE
            trainer.WriteTag(35, WireFormat.WireType.Varint);
            trainer.WriteBool(true);
        });
        WriteMessage(output, 3, normalizer =>
        {
            normalizer.WriteTag(1, WireFormat.WireType.LengthDelimited);
            normalizer.WriteString("identity");
            normalizer.WriteTag(3, WireFormat.WireType.Varint);
            normalizer.WriteBool(addDummyPrefix);
            normalizer.WriteTag(4, WireFormat.WireType.Varint);
            normalizer.WriteBool(false);
            normalizer.WriteTag(5, WireFormat.WireType.Varint);
            normalizer.WriteBool(true);
        });
        output.Flush();
    }

    private static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var message = new CodedOutputStream(buffer);
        write(message);
        message.Flush();
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(buffer.ToArray()));
    }
}
