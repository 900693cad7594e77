namespace Veil.He.Rlwe;

/// <summary>How <see cref="Encryptor"/> uses the public key.</summary>
/// <remarks>
/// Fresh noise e = u·e_pk + e_0 + e_1·s: modulo Q alone, each coefficient has standard deviation about
/// σ·√(4N/3) (u and s ternary with 2N/3 nonzero coefficients on average, σ = 3.2), about 335 at N = 8192. Modulo QP and
/// divided by P, that term shrinks by P (≥ 2^40) and what remains is the rounding of the division, about √(N/18)
/// (≈ 21 at N = 8192): fifteen times less noise, for roughly twice the work.
/// </remarks>
public enum PublicKeyEncryption
{
    /// <summary>Encrypt modulo Q·P with the key's P part and divide by P with rounding, as SEAL does: the least noise.
    /// The default.</summary>
    ModuloQP = 0,

    /// <summary>Encrypt modulo Q only: about half the work, about fifteen times the noise of <see cref="ModuloQP"/>.</summary>
    ModuloQ = 1,
}
