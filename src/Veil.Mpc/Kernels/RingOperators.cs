using System.Runtime.Intrinsics;

namespace Veil.Mpc.Kernels;

/// <summary>An elementwise operation on ring elements of Z_2^64, at every vector width the driver may use.</summary>
internal interface IRingOperator
{
    static abstract ulong Invoke(ulong x, ulong y);

    static abstract Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y);

    static abstract Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y);
}

/// <summary>x + y mod 2^64 (wraps naturally).</summary>
internal readonly struct AddOperator : IRingOperator
{
    public static ulong Invoke(ulong x, ulong y) => unchecked(x + y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => x + y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => x + y;
}

/// <summary>x - y mod 2^64.</summary>
internal readonly struct SubtractOperator : IRingOperator
{
    public static ulong Invoke(ulong x, ulong y) => unchecked(x - y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => x - y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => x - y;
}

/// <summary>x * y mod 2^64 (the low word of the product; vpmullq with AVX-512DQ).</summary>
internal readonly struct MultiplyOperator : IRingOperator
{
    public static ulong Invoke(ulong x, ulong y) => unchecked(x * y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => x * y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => x * y;
}

/// <summary>x XOR y: addition of bit-packed boolean shares.</summary>
internal readonly struct XorOperator : IRingOperator
{
    public static ulong Invoke(ulong x, ulong y) => x ^ y;

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => x ^ y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => x ^ y;
}

/// <summary>x AND y: multiplication of bit-packed bits by public bits.</summary>
internal readonly struct AndOperator : IRingOperator
{
    public static ulong Invoke(ulong x, ulong y) => x & y;

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => x & y;

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => x & y;
}
