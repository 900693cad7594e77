using Veil.Mpc.Kernels;
using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// The three products of a linear layer's training step, Y = X W, dW = Xᵀ δ and dX = δ Wᵀ, from one
/// <see cref="LinearTrainingTriple"/> (A, B, D; A B, Aᵀ D, D Bᵀ) with three openings instead of six:
/// <list type="number">
/// <item>forward: open E = X − A and F = W − B (one round); Y_i = X_i F + E B_i + (A B)_i, as Beaver's product;</item>
/// <item>backward: open G = δ − D (one round); then, since X = E + A and δ = G + D,
/// dW_i = Eᵀ δ_i + A_iᵀ G + (Aᵀ D)_i, which sums to Eᵀ δ + Aᵀ (δ − D) + Aᵀ D = Xᵀ δ, and
/// dX_i = δ_i Fᵀ + G B_iᵀ + (D Bᵀ)_i, which sums to δ Fᵀ + (δ − D) Bᵀ + D Bᵀ = δ Wᵀ.</item>
/// </list>
/// X and W are each opened once, masked, for both of their products, and δ once for both of its: for a layer of
/// m x k inputs and k x n weights a step opens mk + kn + mn words per party instead of 2(mk + kn + mn), and the
/// backward pass is one round. No party is special. Every opened value is masked by its own uniform mask (A, B, D are
/// each used for one opening), so the parties' view stays uniformly random.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class LinearTraining
{
    /// <summary>
    /// Y = X W for X [m, k] and W [k, n] (one round), keeping what the backward pass needs. Y carries the sum of the
    /// operands' fractional bits.
    /// </summary>
    /// <exception cref="ParameterMismatchException">The operands differ in context, are not matrices, or their inner dimensions differ.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static (SharedTensor Output, LinearTrainingState State) Forward(SharedTensor x, SharedTensor w, bool inputGradient)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        if (!ReferenceEquals(x.Context, w.Context))
        {
            throw new ParameterMismatchException("The tensors belong to different MPC contexts.");
        }

        if (x.Shape.Rank != 2 || w.Shape.Rank != 2 || x.Shape[1] != w.Shape[0])
        {
            throw new ParameterMismatchException($"Matrix product of shapes {x.Shape} and {w.Shape}.");
        }

        int m = x.Shape[0], k = x.Shape[1], n = w.Shape[1];
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("matmul");
        LinearTrainingTriple triple = context.Triples.LinearTraining(m, k, n, inputGradient);
        var masked = new ulong[(m * k) + (k * n)];
        RingKernels.Subtract(x.Shares, triple.A, masked.AsSpan(0, m * k));
        RingKernels.Subtract(w.Shares, triple.B, masked.AsSpan(m * k));
        ulong[] opened = Opening.OpenArithmetic(context, masked);
        ulong[] e = opened[..(m * k)], f = opened[(m * k)..];
        var y = triple.AB.ToArray();
        RingMatMul.MultiplyAdd(x.Shares, f, y, m, k, n);
        RingMatMul.MultiplyAdd(e, triple.B, y, m, k, n);
        var state = new LinearTrainingState(triple, e, f, m, k, n, x.FractionalBits, w.FractionalBits, inputGradient);
        return (new SharedTensor(context, new TensorShape(m, n), y, x.FractionalBits + w.FractionalBits), state);
    }

    /// <summary>
    /// The weight gradient Xᵀ δ [k, n] and, if the forward pass asked for it, the input gradient δ Wᵀ [m, k] (else
    /// null), from the output gradient δ [m, n] (one round). Each carries the sum of its operands' fractional bits.
    /// </summary>
    /// <exception cref="ParameterMismatchException">δ does not have the forward output's shape or context.</exception>
    /// <exception cref="InvalidOperationException">The state was used for a backward pass already.</exception>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static (SharedTensor WeightGradient, SharedTensor? InputGradient) Backward(LinearTrainingState state, SharedTensor delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(delta);
        int m = state.M, k = state.K, n = state.N;
        if (delta.Shape.Rank != 2 || delta.Shape[0] != m || delta.Shape[1] != n)
        {
            throw new ParameterMismatchException($"A gradient of {delta.Shape} for a product of [{m}, {n}].");
        }

        LinearTrainingTriple triple = state.Take();
        MpcContext context = delta.Context;
        using var scope = context.Stats.Measure("matmul-backward");
        var masked = new ulong[m * n];
        RingKernels.Subtract(delta.Shares, triple.D, masked);
        ulong[] g = Opening.OpenArithmetic(context, masked);

        var weight = triple.ATransposeD.ToArray();
        RingMatMul.MultiplyAdd(RingMatMul.Transpose(state.E, m, k), delta.Shares, weight, k, m, n);
        RingMatMul.MultiplyAdd(RingMatMul.Transpose(triple.A, m, k), g, weight, k, m, n);
        var weightGradient = new SharedTensor(context, new TensorShape(k, n), weight, state.InputBits + delta.FractionalBits);
        if (!state.InputGradient)
        {
            return (weightGradient, null);
        }

        var input = triple.DBTranspose.ToArray();
        RingMatMul.MultiplyAdd(delta.Shares, RingMatMul.Transpose(state.F, k, n), input, m, n, k);
        RingMatMul.MultiplyAdd(g, RingMatMul.Transpose(triple.B, k, n), input, m, n, k);
        return (weightGradient, new SharedTensor(context, new TensorShape(m, k), input, delta.FractionalBits + state.WeightBits));
    }
}
