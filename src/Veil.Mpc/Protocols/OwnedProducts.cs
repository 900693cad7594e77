using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;

namespace Veil.Mpc.Protocols;

/// <summary>
/// Products of a shared X with weights W that one compute party, the owner O, holds in the clear (inference: the
/// model owner). With the correlation A (the other party D's uniform mask) and C_D + C_O = A W from the
/// preprocessing (<see cref="ITripleSource.OwnedMatMul"/>), D sends E = X_D − A to O only; O's share is
/// (E + X_O) W + C_O and D's is C_D, which sum to X W. One message, one way; O sees only E, uniform to it, and D
/// receives nothing. Two parties only, and only where the source makes the correlation
/// (<see cref="ITripleSource.ProvidesOwnedProducts"/>).
/// </summary>
/// <remarks>Thread-safety: stateless; each call needs the context's thread.</remarks>
public static class OwnedProducts
{
    /// <summary>
    /// Sets up the owner's weights once (<paramref name="shape"/>: [k, n] or [O, C, KH, KW]): the owner passes them
    /// encoded at the context's fractional bits, the other party an empty span.
    /// </summary>
    /// <exception cref="NotSupportedException">The session has not two parties, or its source makes no owned products.</exception>
    /// <exception cref="OwnedWeightOutOfRangeException">On the owner: a weight is out of the short form's range.</exception>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    public static OwnedOperand SetUp(MpcContext context, int owner, TensorShape shape, ReadOnlySpan<ulong> weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        CheckSession(context);
        using var scope = context.Stats.Measure("prepare");
        return context.Triples.SetUpOwnedOperand(owner, shape, weights, context.FixedPoint.FractionalBits);
    }

    /// <summary>X [m, k] times the owned W [k, n] (one message from the non-owner to the owner).</summary>
    /// <exception cref="ParameterMismatchException">X is not a matrix of k columns.</exception>
    /// <exception cref="NotSupportedException">The session has not two parties, or its source makes no owned products.</exception>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    public static SharedTensor MatMul(SharedTensor x, OwnedOperand w)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        if (x.Shape.Rank != 2 || w.Shape.Rank != 2 || x.Shape[1] != w.Shape[0])
        {
            throw new ParameterMismatchException($"Matrix product of shapes {x.Shape} and owned {w.Shape}.");
        }

        MpcContext context = x.Context;
        CheckSession(context);
        int m = x.Shape[0], k = w.Shape[0], n = w.Shape[1];
        using var scope = context.Stats.Measure("matmul");
        OwnedProductCorrelation correlation = context.Triples.OwnedMatMul(m, w);
        ulong[] z = Finish(context, w, x.Shares, correlation, (input, output) => RingMatMul.MultiplyAdd(input, w.Weights, output, m, k, n));
        return new SharedTensor(context, new TensorShape(m, n), z, x.FractionalBits + w.FractionalBits);
    }

    /// <summary>2-D convolution of X [N, C, H, W] by the owned kernel [O, C, KH, KW] (one message, one way).</summary>
    /// <exception cref="ParameterMismatchException">X is not rank 4 or its channels differ from the kernel's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The stride or padding is invalid for the shapes.</exception>
    /// <exception cref="NotSupportedException">The session has not two parties, or its source makes no owned products.</exception>
    /// <exception cref="PeerFailedException">The peer failed.</exception>
    public static SharedTensor Conv2d(SharedTensor x, OwnedOperand kernel, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(kernel);
        if (x.Shape.Rank != 4 || kernel.Shape.Rank != 4 || x.Shape[1] != kernel.Shape[1])
        {
            throw new ParameterMismatchException($"Convolution of input {x.Shape} by owned kernel {kernel.Shape}.");
        }

        MpcContext context = x.Context;
        CheckSession(context);
        var shape = new Conv2dShape(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], kernel.Shape[0], kernel.Shape[2], kernel.Shape[3], stride, padding);
        using var scope = context.Stats.Measure("conv2d");
        OwnedProductCorrelation correlation = context.Triples.OwnedConv2d(shape, kernel);
        ulong[] z = Finish(context, kernel, x.Shares, correlation, (input, output) => RingConv2d.ConvolveAdd(shape, input, kernel.Weights, output));
        return new SharedTensor(context, shape.OutputShape, z, x.FractionalBits + kernel.FractionalBits);
    }

    /// <summary>D sends E = X_D − A and keeps C_D; O adds (E + X_O) W to C_O.</summary>
    private static ulong[] Finish(MpcContext context, OwnedOperand w, ReadOnlySpan<ulong> x, OwnedProductCorrelation correlation, Product product)
    {
        int owner = w.Owner;
        context.Stats.CountRound();
        if (context.PartyId != owner)
        {
            var masked = new ulong[x.Length];
            RingKernels.Subtract(x, correlation.A, masked);
            context.Transport.SendWords(owner, masked);
            return correlation.C;
        }

        var input = new ulong[x.Length];
        context.Transport.ReceiveWords(1 - owner, input);
        RingKernels.Add(input, x, input);

        // What O learns, with its own share: X − A, masked by A alone (a reused A would show here), not an output.
        context.OpeningObserver?.Opened(input, input.Length, revealedToThisPartyOnly: false);
        ulong[] z = correlation.C;
        product(input, z);
        return z;
    }

    private static void CheckSession(MpcContext context)
    {
        if (context.PartyCount != 2 || !context.Triples.ProvidesOwnedProducts)
        {
            throw new NotSupportedException("Owned-operand products need two parties and a source that makes them (oblivious transfer).");
        }
    }

    private delegate void Product(ReadOnlySpan<ulong> input, Span<ulong> output);
}
