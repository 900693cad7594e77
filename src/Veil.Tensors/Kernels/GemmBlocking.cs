namespace Veil.Tensors.Kernels;

/// <summary>The block sizes of <see cref="Gemm"/>, chosen for a 48 KB L1 and 1 MB L2 per core (AMD Zen 4/5).</summary>
internal static class GemmBlocking
{
    /// <summary>Rows of a micro-tile of C held in registers.</summary>
    public const int Mr = 8;

    /// <summary>Columns of a micro-tile of C: two 512-bit vectors.</summary>
    public const int Nr = 32;

    /// <summary>Depth of a packed block: a B micro-panel (Kc x Nr floats, 24 KB) stays in L1.</summary>
    public const int Kc = 192;

    /// <summary>Rows of a packed A block (Mc x Kc floats, 96 KB) kept in L2.</summary>
    public const int Mc = 128;

    /// <summary>Columns of a packed B block (Kc x Nc floats, 1.5 MB) kept in L2/L3.</summary>
    public const int Nc = 2048;
}
