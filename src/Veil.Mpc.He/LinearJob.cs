namespace Veil.Mpc.He;

/// <summary>
/// One shared matrix product to compute: this party's shares L_p (m x k) and R_p (k x n) of L and R; the result is
/// this party's share of L·R. <see cref="FixedKey"/> names a fixed right operand (a fixed mask) whose ciphertexts are
/// uploaded once and reused; null for a fresh one.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed record LinearJob(int M, int K, int N, ulong[] Left, ulong[] Right, string? FixedKey);
