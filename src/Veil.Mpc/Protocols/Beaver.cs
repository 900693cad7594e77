using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Products of shared tensors by Beaver's trick, for any bilinear map f (elementwise product, matrix product,
/// convolution), in one round:
/// <list type="number">
/// <item>take a triple (A, B, C = f(A, B)) of the operation's shapes from the preprocessing;</item>
/// <item>open E = X - A and F = Y - B together (one round; they are uniformly random to everyone);</item>
/// <item>each party i computes Z_i = f(X_i, F) + f(E, B_i) + C_i, which sums to
/// f(X, Y - B) + f(X - A, B) + f(A, B) = f(X, Y).</item>
/// </list>
/// No party is special and no public term is added. The result carries the sum of the operands' fractional bits.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Beaver
{
    /// <summary>Elementwise product X * Y (one round).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context or shape.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Multiply(SharedTensor x, SharedTensor y)
    {
        CheckOperands(x, y);
        if (!x.Shape.Equals(y.Shape))
        {
            throw new ParameterMismatchException($"Elementwise product of shapes {x.Shape} and {y.Shape}.");
        }

        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("multiply");
        ArithmeticTriple triple = context.Triples.Multiplication(x.Count);
        var (e, f) = OpenMasked(context, x.Shares, triple.A, y.Shares, triple.B);
        var z = triple.C.ToArray();
        RingKernels.MultiplyAdd(x.Shares, f, z);
        RingKernels.MultiplyAdd(e, triple.B, z);
        return x.With(z, x.FractionalBits + y.FractionalBits);
    }

    /// <summary>
    /// Elementwise square X^2 (one round) from a square pair (A, A^2): open E = X - A, and Z_i = X_i E + E A_i + (A^2)_i,
    /// which sums to (X - A)(X + A) + A^2 = X^2. It opens half as much as a general product.
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Square(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("square");
        SquarePair pair = context.Triples.Square(x.Count);
        ulong[] e = OpenMasked(context, x.Shares, pair.A);
        var z = pair.ASquared.ToArray();
        RingKernels.MultiplyAdd(x.Shares, e, z);
        RingKernels.MultiplyAdd(e, pair.A, z);
        return x.With(z, 2 * x.FractionalBits);
    }

    /// <summary>Matrix product of X [m, k] and Y [k, n] (one round; two local ring matrix products per party).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, are not matrices, or their inner dimensions differ.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor MatMul(SharedTensor x, SharedTensor y)
    {
        CheckOperands(x, y);
        var (m, k, n) = MatrixShape(x, y);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("matmul");
        ArithmeticTriple triple = context.Triples.MatMul(m, k, n);
        var (e, f) = OpenMasked(context, x.Shares, triple.A, y.Shares, triple.B);
        var z = triple.C.ToArray();
        RingMatMul.MultiplyAdd(x.Shares, f, z, m, k, n);
        RingMatMul.MultiplyAdd(e, triple.B, z, m, k, n);
        return new SharedTensor(context, new TensorShape(m, n), z, x.FractionalBits + y.FractionalBits);
    }

    /// <summary>
    /// 2-D convolution of X [N, C, H, W] by the kernel K [O, C, KH, KW] with the given stride and zero padding
    /// (one round; two local ring convolutions per party). The output is [N, O, OH, OW].
    /// </summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, are not rank 4, or their channels differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The stride or padding is invalid for the shapes.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Conv2d(SharedTensor x, SharedTensor kernel, int stride, int padding)
    {
        CheckOperands(x, kernel);
        Conv2dShape shape = ConvolutionShape(x, kernel, stride, padding);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("conv2d");
        ArithmeticTriple triple = context.Triples.Conv2d(shape);
        var (e, f) = OpenMasked(context, x.Shares, triple.A, kernel.Shares, triple.B);
        var z = triple.C.ToArray();
        RingConv2d.ConvolveAdd(shape, x.Shares, f, z);
        RingConv2d.ConvolveAdd(shape, e, triple.B, z);
        return new SharedTensor(context, shape.OutputShape, z, x.FractionalBits + kernel.FractionalBits);
    }

    /// <summary>
    /// Prepares <paramref name="w"/> as the right operand of many products: takes a fixed mask B from the preprocessing
    /// and opens F = W - B (one round). Each later product with it opens only its left operand.
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static PreparedOperand Prepare(SharedTensor w)
    {
        ArgumentNullException.ThrowIfNull(w);
        MpcContext context = w.Context;
        using var scope = context.Stats.Measure("prepare");
        OperandMask mask = context.Triples.Mask(w.Count);
        return new PreparedOperand(w, mask, OpenMasked(context, w.Shares, mask.Shares));
    }

    /// <summary>
    /// Prepares <paramref name="w"/>, which party <paramref name="knownTo"/> shared and so knows in the clear (the
    /// model owner's weights), as the right operand of many products: as <see cref="Prepare(SharedTensor)"/>, but the
    /// preprocessing may let that party hold the whole mask B (<see cref="ITripleSource.Mask(int, int)"/>), which
    /// makes each later product's triple cheaper. W − B is uniform to every other party, and the knowing party learns
    /// nothing from it; for an operand it does not know it would learn W, so any other tensor is refused.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="w"/> is not a tensor that party shared (<see cref="SharedTensor.KnownTo"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="knownTo"/> is not a party.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static PreparedOperand Prepare(SharedTensor w, int knownTo)
    {
        ArgumentNullException.ThrowIfNull(w);
        MpcContext context = w.Context;
        context.CheckParty(knownTo, nameof(knownTo));
        if (w.KnownTo != knownTo)
        {
            throw new ArgumentException(
                $"Only a tensor party {knownTo} shared itself may take a mask that party holds alone (it would learn a value it does not know from W − B); this one is {(w.KnownTo is { } p ? $"known to party {p}" : "computed or shared otherwise")}.",
                nameof(w));
        }

        using var scope = context.Stats.Measure("prepare");
        OperandMask mask = context.Triples.Mask(w.Count, knownTo);
        return new PreparedOperand(w, mask, OpenMasked(context, w.Shares, mask.Shares));
    }

    /// <summary>Matrix product of X [m, k] and a prepared Y [k, n] (one round, opening only X - A).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, are not matrices, or their inner dimensions differ.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor MatMul(SharedTensor x, PreparedOperand y)
    {
        ArgumentNullException.ThrowIfNull(y);
        CheckOperands(x, y.Value);
        var (m, k, n) = MatrixShape(x, y.Value);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("matmul");
        ArithmeticTriple triple = context.Triples.MatMul(m, k, n, y.Mask);
        ulong[] e = OpenMasked(context, x.Shares, triple.A);
        var z = triple.C.ToArray();
        RingMatMul.MultiplyAdd(x.Shares, y.Opened, z, m, k, n);
        RingMatMul.MultiplyAdd(e, triple.B, z, m, k, n);
        return new SharedTensor(context, new TensorShape(m, n), z, x.FractionalBits + y.Value.FractionalBits);
    }

    /// <summary>2-D convolution of X [N, C, H, W] by a prepared kernel [O, C, KH, KW] (one round, opening only X - A).</summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, are not rank 4, or their channels differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The stride or padding is invalid for the shapes.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Conv2d(SharedTensor x, PreparedOperand kernel, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        CheckOperands(x, kernel.Value);
        Conv2dShape shape = ConvolutionShape(x, kernel.Value, stride, padding);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("conv2d");
        ArithmeticTriple triple = context.Triples.Conv2d(shape, kernel.Mask);
        ulong[] e = OpenMasked(context, x.Shares, triple.A);
        var z = triple.C.ToArray();
        RingConv2d.ConvolveAdd(shape, x.Shares, kernel.Opened, z);
        RingConv2d.ConvolveAdd(shape, e, triple.B, z);
        return new SharedTensor(context, shape.OutputShape, z, x.FractionalBits + kernel.Value.FractionalBits);
    }

    /// <summary>Opens E = X - A in one round.</summary>
    private static ulong[] OpenMasked(MpcContext context, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> a)
    {
        var masked = new ulong[x.Length];
        RingKernels.Subtract(x, a, masked);
        return Opening.OpenArithmetic(context, masked);
    }

    private static (int M, int K, int N) MatrixShape(SharedTensor x, SharedTensor y)
    {
        if (x.Shape.Rank != 2 || y.Shape.Rank != 2 || x.Shape[1] != y.Shape[0])
        {
            throw new ParameterMismatchException($"Matrix product of shapes {x.Shape} and {y.Shape}.");
        }

        return (x.Shape[0], x.Shape[1], y.Shape[1]);
    }

    private static Conv2dShape ConvolutionShape(SharedTensor x, SharedTensor kernel, int stride, int padding)
    {
        if (x.Shape.Rank != 4 || kernel.Shape.Rank != 4 || x.Shape[1] != kernel.Shape[1])
        {
            throw new ParameterMismatchException($"Convolution of input {x.Shape} by kernel {kernel.Shape}.");
        }

        return new Conv2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kernel.Shape[0], kernel.Shape[2], kernel.Shape[3], stride, padding);
    }

    /// <summary>Opens E = X - A and F = Y - B in one round.</summary>
    private static (ulong[] E, ulong[] F) OpenMasked(MpcContext context, ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> y, ReadOnlySpan<ulong> b)
    {
        var masked = new ulong[x.Length + y.Length];
        RingKernels.Subtract(x, a, masked.AsSpan(0, x.Length));
        RingKernels.Subtract(y, b, masked.AsSpan(x.Length));
        ulong[] opened = Opening.OpenArithmetic(context, masked);
        return (opened[..x.Length], opened[x.Length..]);
    }

    private static void CheckOperands(SharedTensor x, SharedTensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!ReferenceEquals(x.Context, y.Context))
        {
            throw new ParameterMismatchException("The tensors belong to different MPC contexts.");
        }
    }
}
