namespace Veil.Mpc.Preprocessing;

/// <summary>
/// This party's shares of a linear layer's training triple for X (m x k) times W (k x n): random A (m x k), B (k x n)
/// and D (m x n), and the products A B (m x n), Aᵀ D (k x n) and D Bᵀ (m x k, empty when the input gradient is not
/// needed). The forward pass opens X − A and W − B, the backward pass δ − D, and those three openings serve the
/// forward product X W, the weight gradient Xᵀ δ and the input gradient δ Wᵀ (<see cref="Protocols.LinearTraining"/>).
/// </summary>
/// <remarks>Thread-safety: immutable after construction; the arrays are owned by the triple.</remarks>
public sealed class LinearTrainingTriple
{
    private readonly ulong[] _a, _b, _d, _ab, _atd, _dbt;

    /// <summary>Wraps this party's shares (the arrays are taken, not copied).</summary>
    public LinearTrainingTriple(ulong[] a, ulong[] b, ulong[] d, ulong[] ab, ulong[] atd, ulong[] dbt)
    {
        _a = Guard.NotNull(a);
        _b = Guard.NotNull(b);
        _d = Guard.NotNull(d);
        _ab = Guard.NotNull(ab);
        _atd = Guard.NotNull(atd);
        _dbt = Guard.NotNull(dbt);
    }

    /// <summary>The mask A of the input (m x k).</summary>
    public ReadOnlySpan<ulong> A => _a;

    /// <summary>The mask B of the weights (k x n).</summary>
    public ReadOnlySpan<ulong> B => _b;

    /// <summary>The mask D of the output gradient (m x n).</summary>
    public ReadOnlySpan<ulong> D => _d;

    /// <summary>A B (m x n).</summary>
    public ReadOnlySpan<ulong> AB => _ab;

    /// <summary>Aᵀ D (k x n).</summary>
    public ReadOnlySpan<ulong> ATransposeD => _atd;

    /// <summary>D Bᵀ (m x k), or empty when the triple was made without the input gradient.</summary>
    public ReadOnlySpan<ulong> DBTranspose => _dbt;
}
