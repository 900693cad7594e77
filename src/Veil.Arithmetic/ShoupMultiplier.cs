using System.Runtime.CompilerServices;

namespace Veil.Arithmetic;

/// <summary>
/// A constant w in [0, q) prepared for Shoup multiplication: x·w mod q costs one high and two low products, and no
/// division. Also carries w/q as a double, which the vector kernels use to estimate the same quotient.
/// </summary>
/// <remarks>Thread-safety: immutable value type.</remarks>
public readonly struct ShoupMultiplier
{
    /// <summary>Prepares <paramref name="operand"/> (already in [0, q)) for multiplication modulo <paramref name="modulus"/>.</summary>
    internal ShoupMultiplier(ulong operand, Modulus modulus)
    {
        DebugGuard.IsTrue(operand < modulus.Value, "a Shoup operand must be reduced");
        Operand = operand;
        Quotient = (ulong)(((UInt128)operand << 64) / modulus.Value);
        Ratio = (double)operand / modulus.Value;
    }

    /// <summary>The constant w.</summary>
    public ulong Operand { get; }

    /// <summary>floor(w·2^64 / q).</summary>
    public ulong Quotient { get; }

    /// <summary>w / q rounded to a double, for the vector kernels' quotient estimate.</summary>
    public double Ratio { get; }

    /// <summary>Returns x·w mod q in [0, 2q), for any 64-bit x (the lazy form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong MultiplyLazy(ulong x, ulong q)
    {
        // floor(x·w'/2^64) is floor(x·w/q) or one less, so x·w - q̂·q (exact modulo 2^64) lies in [0, 2q).
        ulong estimate = Math.BigMul(x, Quotient, out _);
        return (x * Operand) - (estimate * q);
    }

    /// <summary>Returns x·w mod q in [0, q), for any 64-bit x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Multiply(ulong x, ulong q)
    {
        ulong r = MultiplyLazy(x, q);
        return r >= q ? r - q : r;
    }
}
