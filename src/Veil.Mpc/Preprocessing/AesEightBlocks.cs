using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// The middle AES rounds on eight independent blocks at once, so the AES-NI pipeline has eight encryptions in flight;
/// the callers (counter-mode streams, the fixed-key permutation) add round key 0 before and the last round after.
/// </summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal static class AesEightBlocks
{
    /// <summary>Rounds 1 .. <paramref name="rounds"/> − 1 with <paramref name="keys"/> on the eight blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MiddleRounds(ReadOnlySpan<Vector128<byte>> keys, int rounds,
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7)
    {
        for (int round = 1; round < rounds; round++)
        {
            Vector128<byte> k = keys[round];
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
            b4 = X86Aes.Encrypt(b4, k);
            b5 = X86Aes.Encrypt(b5, k);
            b6 = X86Aes.Encrypt(b6, k);
            b7 = X86Aes.Encrypt(b7, k);
        }
    }
}
