using EnergyBench.Models.Safetensors;

namespace EnergyBench.Models.Weights;

/// <summary>
/// How one canonical weight is made from Hugging Face tensors: the tensors it reads (names and stored shapes, which
/// the checkpoint checks on open) and the conversion, done once at load. A weight stored as it is used is read straight
/// into its destination; one that is reordered goes through the reader's one reused buffer, so loading a model holds
/// no copy of it beside the destination.
/// </summary>
public abstract record WeightSource
{
    public abstract IReadOnlyList<TensorSpec> Stored { get; }

    /// <summary>Fills <paramref name="destination"/> (the canonical layout) from the stored tensors.</summary>
    public abstract void Read(StoredTensorReader read, Span<float> destination);

    /// <summary>Stored as it is used: nn.Linear [out, in], embeddings, norms, biases.</summary>
    public sealed record Direct(TensorSpec Tensor) : WeightSource
    {
        public override IReadOnlyList<TensorSpec> Stored => [Tensor];
        public override void Read(StoredTensorReader read, Span<float> destination) => read.Into(Tensor, destination);
    }

    /// <summary>GPT-2's Conv1D weight, stored [in, out]: transposed to [out, in].</summary>
    public sealed record Transposed(TensorSpec Tensor) : WeightSource
    {
        public override IReadOnlyList<TensorSpec> Stored => [Tensor];

        public override void Read(StoredTensorReader read, Span<float> destination) =>
            Transpose(read.Scratch(Tensor), (int)Tensor.Shape[0], (int)Tensor.Shape[1], destination);
    }

    /// <summary>Writes the [columns, rows] transpose of a row-major [rows, columns] matrix into <paramref name="destination"/>.</summary>
    public static void Transpose(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                destination[c * rows + r] = matrix[r * columns + c];
    }

    /// <summary>Separate tensors stacked along the first dim (Llama's q, k and v projections).</summary>
    public sealed record Stacked(IReadOnlyList<TensorSpec> Parts) : WeightSource
    {
        public override IReadOnlyList<TensorSpec> Stored => Parts;

        public override void Read(StoredTensorReader read, Span<float> destination)
        {
            int offset = 0;
            foreach (var part in Parts)
            {
                int length = checked((int)part.ElementCount);
                read.Into(part, destination.Slice(offset, length));
                offset += length;
            }
        }
    }

    /// <summary>
    /// A fused QKV weight or bias interleaved per head, rows <c>[q_0, k_0, v_0, q_1, ...]</c> of head_dim rows each
    /// (GPT-NeoX, BLOOM, multi-head BigCode), reordered into the canonical [Q | K | V] blocks.
    /// </summary>
    public sealed record PerHeadQkv(TensorSpec Tensor, int Heads, int HeadDim) : WeightSource
    {
        public override IReadOnlyList<TensorSpec> Stored => [Tensor];

        public override void Read(StoredTensorReader read, Span<float> destination)
        {
            var stored = read.Scratch(Tensor);
            int rowLength = Tensor.Shape.Length > 1 ? (int)Tensor.Shape[1] : 1, block = Heads * HeadDim * rowLength;
            for (int head = 0; head < Heads; head++)
                for (int part = 0; part < 3; part++)
                {
                    int from = (head * 3 + part) * HeadDim * rowLength, to = part * block + head * HeadDim * rowLength;
                    stored.Slice(from, HeadDim * rowLength).CopyTo(destination[to..]);
                }
        }
    }

    /// <summary>Gemma's RMSNorm weight, stored as an offset: the norm multiplies by 1 + w.</summary>
    public sealed record PlusOne(TensorSpec Tensor) : WeightSource
    {
        public override IReadOnlyList<TensorSpec> Stored => [Tensor];

        public override void Read(StoredTensorReader read, Span<float> destination)
        {
            var stored = read.Scratch(Tensor);
            for (int i = 0; i < stored.Length; i++)
                destination[i] = 1f + stored[i];
        }
    }
}
