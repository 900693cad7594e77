using Veil.Mpc.Preprocessing;

namespace Veil.Mpc.Protocols;

/// <summary>
/// What the forward pass of <see cref="LinearTraining"/> keeps for its backward pass: the triple and the opened
/// masked operands E = X − A and F = W − B (public to every party; they reveal nothing). One backward pass per state.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; the context's thread only.</remarks>
public sealed class LinearTrainingState
{
    private LinearTrainingTriple? _triple;

    internal LinearTrainingState(LinearTrainingTriple triple, ulong[] e, ulong[] f, int m, int k, int n, int inputBits, int weightBits, bool inputGradient)
    {
        _triple = triple;
        E = e;
        F = f;
        M = m;
        K = k;
        N = n;
        InputBits = inputBits;
        WeightBits = weightBits;
        InputGradient = inputGradient;
    }

    /// <summary>Whether the backward pass computes the input gradient.</summary>
    public bool InputGradient { get; }

    internal ulong[] E { get; }

    internal ulong[] F { get; }

    internal int M { get; }

    internal int K { get; }

    internal int N { get; }

    internal int InputBits { get; }

    internal int WeightBits { get; }

    /// <summary>The triple, once: its masks must not serve two backward passes.</summary>
    internal LinearTrainingTriple Take()
    {
        LinearTrainingTriple triple = _triple ?? throw new InvalidOperationException("This forward pass's backward pass has run already.");
        _triple = null;
        return triple;
    }
}
