using Google.Protobuf;

namespace EnergyBench.Models.Onnx;

/// <summary>
/// Writes one protobuf message field by field with Google.Protobuf's <see cref="CodedOutputStream"/>. ONNX needs only
/// a handful of field kinds, so the messages are encoded by hand from the field numbers in onnx.proto instead of from
/// generated classes. Repeated scalars are written unpacked, as proto2 (onnx.proto's syntax) does by default.
/// </summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;

    public ProtoWriter() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtoWriter Int64(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteLength(value.Length);
        _out.Flush(); // then the payload goes straight to the buffer, without an intermediate ByteString copy
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray()
    {
        _out.Flush();
        return _buffer.ToArray();
    }
}
