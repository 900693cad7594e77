using System.Collections.Immutable;
using Veil.IO;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// What one protocol step asks of the preprocessing: a kind and its sizes. Every party asks for the same requests in
/// the same order (the protocols are data-oblivious), so a list recorded on one input serves every other input of the
/// same shapes, which is how preprocessing is fetched ahead of the online phase
/// (<see cref="DealerTripleSource.Prefetch"/>).
/// </summary>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record CorrelationRequest
{
    /// <summary>The largest number of ring elements one request may produce (per component): 2^28, or 2 GiB of words.</summary>
    public const int MaxElements = 1 << 28;

    /// <summary>The largest party number an <see cref="CorrelationKind.OwnedMask"/> request may name.</summary>
    public const int MaxParty = 255;

    private CorrelationRequest(CorrelationKind kind, params ReadOnlySpan<int> parameters)
    {
        Kind = kind;
        Parameters = [.. parameters];
        Validate();
    }

    /// <summary>The kind of correlation.</summary>
    public CorrelationKind Kind { get; }

    /// <summary>The sizes, in the order of the factory method's parameters.</summary>
    public ImmutableArray<int> Parameters { get; }

    /// <summary>An elementwise multiplication triple of <paramref name="count"/> elements.</summary>
    public static CorrelationRequest Multiplication(int count) => new(CorrelationKind.Multiplication, count);

    /// <summary>A square pair of <paramref name="count"/> elements.</summary>
    public static CorrelationRequest Square(int count) => new(CorrelationKind.Square, count);

    /// <summary>A triple for an (m x k) by (k x n) matrix product.</summary>
    public static CorrelationRequest MatMul(int m, int k, int n) => new(CorrelationKind.MatMul, m, k, n);

    /// <summary>A triple for a convolution of <paramref name="shape"/>.</summary>
    public static CorrelationRequest Conv2d(Conv2dShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new(CorrelationKind.Conv2d, shape.Batch, shape.InChannels, shape.Height, shape.Width, shape.OutChannels,
            shape.KernelHeight, shape.KernelWidth, shape.Stride, shape.Padding);
    }

    /// <summary>A fixed mask of <paramref name="count"/> elements; the source numbers masks 0, 1, 2, ... in order.</summary>
    public static CorrelationRequest Mask(int count) => new(CorrelationKind.Mask, count);

    /// <summary>
    /// A fixed mask of <paramref name="count"/> elements held entirely by party <paramref name="knownTo"/>, for an
    /// operand that party knows in the clear; it is numbered with the other masks.
    /// </summary>
    public static CorrelationRequest Mask(int count, int knownTo) => new(CorrelationKind.OwnedMask, count, knownTo);

    /// <summary>A matrix triple whose B is the fixed mask <paramref name="maskId"/> (of k x n elements).</summary>
    public static CorrelationRequest MatMulWithMask(int m, int k, int n, int maskId) => new(CorrelationKind.MatMulWithMask, m, k, n, maskId);

    /// <summary>
    /// A linear layer's training triple for X (m x k) times W (k x n): the forward, weight-gradient and (when
    /// <paramref name="inputGradient"/>) input-gradient products of one step.
    /// </summary>
    public static CorrelationRequest LinearTraining(int m, int k, int n, bool inputGradient) =>
        new(CorrelationKind.LinearTraining, m, k, n, inputGradient ? 1 : 0);

    /// <summary>A convolution triple whose kernel mask is the fixed mask <paramref name="maskId"/>.</summary>
    public static CorrelationRequest Conv2dWithMask(Conv2dShape shape, int maskId)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new(CorrelationKind.Conv2dWithMask, shape.Batch, shape.InChannels, shape.Height, shape.Width, shape.OutChannels,
            shape.KernelHeight, shape.KernelWidth, shape.Stride, shape.Padding, maskId);
    }

    /// <summary>The fixed mask a <see cref="CorrelationKind.MatMulWithMask"/> or <see cref="CorrelationKind.Conv2dWithMask"/> request uses.</summary>
    public int MaskId => Kind switch
    {
        CorrelationKind.MatMulWithMask => Parameters[3],
        CorrelationKind.Conv2dWithMask => Parameters[9],
        _ => throw new InvalidOperationException($"A {Kind} request uses no fixed mask."),
    };

    /// <summary>A product of a mask A (m x k) with the owned operand <paramref name="operandId"/> (k x n).</summary>
    public static CorrelationRequest OwnedMatMul(int m, int k, int n, int operandId) => new(CorrelationKind.OwnedMatMul, m, k, n, operandId);

    /// <summary>A convolution of an input mask with the owned kernel <paramref name="operandId"/>.</summary>
    public static CorrelationRequest OwnedConv2d(Conv2dShape shape, int operandId)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new(CorrelationKind.OwnedConv2d, shape.Batch, shape.InChannels, shape.Height, shape.Width, shape.OutChannels,
            shape.KernelHeight, shape.KernelWidth, shape.Stride, shape.Padding, operandId);
    }

    /// <summary>An AND triple of <paramref name="words"/> 64-bit words.</summary>
    public static CorrelationRequest And(int words) => new(CorrelationKind.And, words);

    /// <summary>A truncation pair of <paramref name="count"/> elements for a shift of <paramref name="shift"/> bits.</summary>
    public static CorrelationRequest Truncation(int count, int shift) => new(CorrelationKind.Truncation, count, shift);

    /// <summary>A comparison mask for <paramref name="count"/> elements.</summary>
    public static CorrelationRequest Comparison(int count) => new(CorrelationKind.Comparison, count);

    /// <summary>A radix-4 comparison mask for <paramref name="count"/> elements.</summary>
    public static CorrelationRequest WideComparison(int count) => new(CorrelationKind.WideComparison, count);

    /// <summary>A selection mask for <paramref name="count"/> bits applied to <paramref name="vectors"/> vectors.</summary>
    public static CorrelationRequest Selection(int count, int vectors) => new(CorrelationKind.Selection, count, vectors);

    /// <summary>The convolution shape of a <see cref="CorrelationKind.Conv2d"/> request.</summary>
    public Conv2dShape ToConv2dShape()
    {
        Guard.IsTrue(Kind is CorrelationKind.Conv2d or CorrelationKind.Conv2dWithMask or CorrelationKind.OwnedConv2d, nameof(Kind), "is not a convolution");
        var p = Parameters;
        return new Conv2dShape(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]);
    }

    /// <summary>Writes the request: kind, parameter count, parameters.</summary>
    public void Write(PayloadWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteByte((byte)Kind);
        writer.WriteByte((byte)Parameters.Length);
        foreach (int parameter in Parameters)
        {
            writer.WriteInt32(parameter);
        }
    }

    /// <summary>Reads a request written by <see cref="Write"/>.</summary>
    /// <exception cref="MpcProtocolException">The request is malformed or asks for too much.</exception>
    public static CorrelationRequest Read(PayloadReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            var kind = (CorrelationKind)reader.ReadByte();
            int count = reader.ReadByte();
            Span<int> parameters = stackalloc int[Math.Min(count, 16)];
            if (count > parameters.Length)
            {
                throw new MpcProtocolException($"A preprocessing request has {count} parameters.");
            }

            for (int i = 0; i < count; i++)
            {
                parameters[i] = reader.ReadInt32();
            }

            return new CorrelationRequest(kind, parameters);
        }
        catch (Exception ex) when (ex is VeilFormatException or ArgumentException)
        {
            throw new MpcProtocolException("Malformed preprocessing request: " + ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public bool Equals(CorrelationRequest? other) =>
        other is not null && Kind == other.Kind && Parameters.AsSpan().SequenceEqual(other.Parameters.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Parameters.Length, Parameters.IsEmpty ? 0 : Parameters[0]);

    /// <inheritdoc />
    public override string ToString() => $"{Kind}({string.Join(", ", Parameters)})";

    private void Validate()
    {
        int expected = Kind switch
        {
            CorrelationKind.Multiplication or CorrelationKind.Square or CorrelationKind.And or CorrelationKind.Comparison or CorrelationKind.Mask
                or CorrelationKind.WideComparison => 1,
            CorrelationKind.Truncation or CorrelationKind.Selection or CorrelationKind.OwnedMask => 2,
            CorrelationKind.MatMul => 3,
            CorrelationKind.MatMulWithMask or CorrelationKind.LinearTraining or CorrelationKind.OwnedMatMul => 4,
            CorrelationKind.Conv2d => 9,
            CorrelationKind.Conv2dWithMask or CorrelationKind.OwnedConv2d => 10,
            _ => throw new ArgumentException($"Unknown correlation kind {(byte)Kind}.", nameof(Kind)),
        };
        Guard.IsTrue(Parameters.Length == expected, nameof(Parameters), $"of {Kind} must hold {expected} values");
        long largest = Kind switch
        {
            CorrelationKind.MatMul or CorrelationKind.MatMulWithMask or CorrelationKind.LinearTraining or CorrelationKind.OwnedMatMul => Math.Max((long)Parameters[0] * Parameters[1], Math.Max((long)Parameters[1] * Parameters[2], (long)Parameters[0] * Parameters[2])),
            CorrelationKind.Conv2d or CorrelationKind.Conv2dWithMask or CorrelationKind.OwnedConv2d => Math.Max(ToConv2dShape().InputCount, Math.Max(ToConv2dShape().KernelCount, ToConv2dShape().OutputCount)),
            CorrelationKind.Selection => (long)Parameters[0] * Math.Max(1, Parameters[1]),
            CorrelationKind.Comparison or CorrelationKind.WideComparison => Parameters[0] * 2L,
            _ => Parameters[0],
        };
        foreach (int parameter in Parameters)
        {
            Guard.NotNegative(parameter, nameof(Parameters));
        }

        Guard.IsTrue(Parameters[0] > 0 && largest <= MaxElements, nameof(Parameters), $"of {Kind} must ask for 1 to {MaxElements} elements");
        if (Kind == CorrelationKind.Truncation)
        {
            Guard.InRange(Parameters[1], 1, 62, nameof(Parameters));
        }

        if (Kind == CorrelationKind.Selection)
        {
            Guard.InRange(Parameters[1], 0, 16, nameof(Parameters));
        }

        if (Kind is CorrelationKind.MatMul or CorrelationKind.MatMulWithMask or CorrelationKind.LinearTraining or CorrelationKind.OwnedMatMul)
        {
            Guard.IsTrue(Parameters[1] > 0 && Parameters[2] > 0, nameof(Parameters), "of MatMul must be positive");
        }

        if (Kind == CorrelationKind.OwnedMask)
        {
            Guard.InRange(Parameters[1], 0, MaxParty, nameof(Parameters));
        }

        if (Kind == CorrelationKind.LinearTraining)
        {
            Guard.InRange(Parameters[3], 0, 1, nameof(Parameters));
        }
    }
}
