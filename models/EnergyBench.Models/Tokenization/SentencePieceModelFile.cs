using Google.Protobuf;

namespace EnergyBench.Models.Tokenization;

/// <summary>
/// What this suite needs to know of a SentencePiece <c>tokenizer.model</c> (sentencepiece_model.proto) before
/// Microsoft.ML.Tokenizers reads it: the pieces with their types, the model type and whether a '▁' is prepended.
/// Field numbers: ModelProto pieces 1, trainer_spec 2, normalizer_spec 3; SentencePiece piece 1, type 3;
/// TrainerSpec model_type 3; NormalizerSpec name 1, add_dummy_prefix 3.
/// </summary>
public sealed record SentencePieceModelFile(IReadOnlyList<(string Piece, SentencePieceModelFile.PieceType Type)> Pieces, int ModelType, string NormalizerName, bool AddDummyPrefix)
{
    public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

    public const int Bpe = 2;

    public static SentencePieceModelFile Read(string path)
    {
        try
        {
            var pieces = new List<(string, PieceType)>();
            int modelType = 1; // the proto's default: Unigram
            string normalizerName = "";
            bool addDummyPrefix = true;
            ForEachField(ByteString.CopyFrom(File.ReadAllBytes(path)), (field, input) =>
            {
                switch (field)
                {
                    case 1:
                        string piece = "";
                        var type = PieceType.Normal;
                        ForEachField(input.ReadBytes(), (inner, pieceInput) =>
                        {
                            if (inner == 1) piece = pieceInput.ReadString();
                            else if (inner == 3) type = (PieceType)pieceInput.ReadEnum();
                            else pieceInput.SkipLastField();
                        });
                        pieces.Add((piece, type));
                        break;
                    case 2:
                        ForEachField(input.ReadBytes(), (inner, trainer) =>
                        {
                            if (inner == 3) modelType = trainer.ReadEnum();
                            else trainer.SkipLastField();
                        });
                        break;
                    case 3:
                        ForEachField(input.ReadBytes(), (inner, normalizer) =>
                        {
                            if (inner == 1) normalizerName = normalizer.ReadString();
                            else if (inner == 3) addDummyPrefix = normalizer.ReadBool();
                            else normalizer.SkipLastField();
                        });
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            });
            return new SentencePieceModelFile(pieces, modelType, normalizerName, addDummyPrefix);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, $"not a SentencePiece model ({e.Message})", e);
        }
    }

    private static void ForEachField(ByteString message, Action<int, CodedInputStream> read)
    {
        var input = message.CreateCodedInput();
        for (uint tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            read(WireFormat.GetTagFieldNumber(tag), input);
    }
}
