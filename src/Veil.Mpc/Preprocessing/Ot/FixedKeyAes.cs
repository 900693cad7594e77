using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Veil.Mpc.Preprocessing.Ot;

/// <summary>
/// The public random permutation π of the OT extension: AES-128 under a fixed, public key, with AES-NI eight blocks in
/// flight (.NET 10 exposes no VAES, so 128-bit lanes it is), or the platform cipher where AES-NI is absent. On it
/// rest the correlation-robust hash <see cref="Hash"/> and the seed expander <see cref="Expand"/>.
/// </summary>
/// <remarks>
/// Security assumption: fixed-key AES behaves as a random permutation (the ideal-permutation model, as in
/// Guo–Katz–Wang–Yu, "Efficient and secure multiparty computation from fixed-key block ciphers", S&amp;P 2020).
/// <see cref="Hash"/> is their tweakable circular correlation-robust hash H(j, x) = π(π(x) ⊕ j) ⊕ π(x), and
/// <see cref="Expand"/> the Matyas–Meyer–Oseas-style expansion G(k)_t = π(k ⊕ t) ⊕ k, a PRG in that model as long as
/// k is unpredictable to the adversary and fewer than 2^64 blocks are expanded.
/// Thread-safety: stateless after the static key schedule; safe from any thread.
/// </remarks>
internal static class FixedKeyAes
{
    private const int Rounds = 10;

    /// <summary>The fixed public key: the first 16 bytes of the binary expansion of π (nothing up my sleeve).</summary>
    private static readonly byte[] Key = [0x24, 0x3F, 0x6A, 0x88, 0x85, 0xA3, 0x08, 0xD3, 0x13, 0x19, 0x8A, 0x2E, 0x03, 0x70, 0x73, 0x44];

    private static readonly Vector128<byte>[] RoundKeys = X86Aes.IsSupported && Sse2.IsSupported ? ExpandKey() : [];

    private static readonly System.Security.Cryptography.Aes? Fallback = X86Aes.IsSupported && Sse2.IsSupported ? null : CreateFallback();

    /// <summary>Applies π in place to <paramref name="blocks"/> (two words a block, low word first).</summary>
    public static void Permute(Span<ulong> blocks)
    {
        Guard.IsTrue((blocks.Length & 1) == 0, nameof(blocks), "must hold whole blocks");
        if (Fallback is not null)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(blocks);
            lock (Fallback)
            {
                Fallback.EncryptEcb(bytes, bytes, System.Security.Cryptography.PaddingMode.None);
            }

            return;
        }

        PermuteIntrinsic(MemoryMarshal.Cast<ulong, Vector128<byte>>(blocks));
    }

    /// <summary>
    /// Writes H(tweak + i, x_i) for every block x_i of <paramref name="input"/> into <paramref name="output"/>; the
    /// tweak's high word is <paramref name="domain"/>, which keeps the two extension instances' hashes apart.
    /// </summary>
    public static void Hash(ReadOnlySpan<ulong> input, ulong tweak, ulong domain, Span<ulong> output)
    {
        Guard.LengthEquals(output.Length, input.Length, nameof(output));
        Span<ulong> first = stackalloc ulong[256];
        for (int start = 0; start < input.Length; start += first.Length)
        {
            int take = Math.Min(first.Length, input.Length - start);
            Span<ulong> piece = first[..take], target = output.Slice(start, take);
            input.Slice(start, take).CopyTo(piece);
            Permute(piece);
            ulong next = tweak + (ulong)(start >> 1);
            for (int i = 0; i < take; i += 2)
            {
                target[i] = piece[i] ^ (next + (ulong)(i >> 1));
                target[i + 1] = piece[i + 1] ^ domain;
            }

            Permute(target);
            Xor(target, piece);
        }

        first.Clear();
    }

    /// <summary>Expands the seed (<paramref name="seedLow"/>, <paramref name="seedHigh"/>) to <paramref name="output"/> (any number of words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Expand(ulong seedLow, ulong seedHigh, Span<ulong> output)
    {
        if (Fallback is null)
        {
            ExpandIntrinsic(Vector128.Create(seedLow, seedHigh).AsByte(), output);
            return;
        }

        int blocks = (output.Length + 1) >> 1;
        Span<ulong> buffer = blocks <= 256 ? stackalloc ulong[2 * blocks] : new ulong[2 * blocks];
        for (int t = 0; t < blocks; t++)
        {
            buffer[2 * t] = seedLow ^ (ulong)t;
            buffer[(2 * t) + 1] = seedHigh;
        }

        Permute(buffer);
        for (int t = 0; t < blocks; t++)
        {
            buffer[2 * t] ^= seedLow;
            buffer[(2 * t) + 1] ^= seedHigh;
        }

        buffer[..output.Length].CopyTo(output);
    }

    /// <summary>
    /// Expands the seed to <paramref name="output"/>.Length values of which only the low <paramref name="width"/>
    /// bits matter: two 32-bit lanes a word for widths up to 32, four 16-bit lanes up to 16, so a third fewer blocks
    /// over the widths 64 − i of a Gilboa product. Value l is lane l mod L of word l / L of <see cref="Expand"/>'s
    /// output, shifted down (its bits above the lane are the next lanes', which the caller ignores).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpandNarrow(ulong seedLow, ulong seedHigh, Span<ulong> output, int width)
    {
        int shift = width <= 16 ? 2 : width <= 32 ? 1 : 0;
        if (shift == 0 || output.Length < 2)
        {
            Expand(seedLow, seedHigh, output);
            return;
        }

        int lanes = 1 << shift, laneBits = 64 >> shift;
        Expand(seedLow, seedHigh, output[..((output.Length + lanes - 1) >> shift)]);

        // Downward, so that word l >> shift is read (by values l = its index times L and up) before it is overwritten.
        for (int l = output.Length - 1; l >= 0; l--)
        {
            output[l] = output[l >> shift] >> ((l & (lanes - 1)) * laneBits);
        }
    }

    /// <summary>G(k)_t = π(k ⊕ t) ⊕ k straight into the output, eight blocks in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandIntrinsic(Vector128<byte> seed, Span<ulong> output)
    {
        ReadOnlySpan<Vector128<byte>> keys = RoundKeys;
        Vector128<byte> k0 = keys[0], last = keys[Rounds], start = seed ^ k0;
        int blocks = output.Length >> 1;
        Span<Vector128<byte>> target = MemoryMarshal.Cast<ulong, Vector128<byte>>(output[..(2 * blocks)]);
        int t = 0;
        for (; t + 8 <= blocks; t += 8)
        {
            Vector128<byte> b0 = start ^ Counter(t), b1 = start ^ Counter(t + 1), b2 = start ^ Counter(t + 2), b3 = start ^ Counter(t + 3);
            Vector128<byte> b4 = start ^ Counter(t + 4), b5 = start ^ Counter(t + 5), b6 = start ^ Counter(t + 6), b7 = start ^ Counter(t + 7);
            AesEightBlocks.MiddleRounds(keys, Rounds, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);

            ref Vector128<byte> o = ref target[t];
            o = X86Aes.EncryptLast(b0, last) ^ seed;
            Unsafe.Add(ref o, 1) = X86Aes.EncryptLast(b1, last) ^ seed;
            Unsafe.Add(ref o, 2) = X86Aes.EncryptLast(b2, last) ^ seed;
            Unsafe.Add(ref o, 3) = X86Aes.EncryptLast(b3, last) ^ seed;
            Unsafe.Add(ref o, 4) = X86Aes.EncryptLast(b4, last) ^ seed;
            Unsafe.Add(ref o, 5) = X86Aes.EncryptLast(b5, last) ^ seed;
            Unsafe.Add(ref o, 6) = X86Aes.EncryptLast(b6, last) ^ seed;
            Unsafe.Add(ref o, 7) = X86Aes.EncryptLast(b7, last) ^ seed;
        }

        for (; t < blocks; t++)
        {
            target[t] = Single(start ^ Counter(t), keys) ^ seed;
        }

        if ((output.Length & 1) != 0)
        {
            output[^1] = (Single(start ^ Counter(blocks), keys) ^ seed).AsUInt64().ToScalar();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(int t) => Vector128.CreateScalar((ulong)t).AsByte();

    private static Vector128<byte> Single(Vector128<byte> block, ReadOnlySpan<Vector128<byte>> keys)
    {
        for (int round = 1; round < Rounds; round++)
        {
            block = X86Aes.Encrypt(block, keys[round]);
        }

        return X86Aes.EncryptLast(block, keys[Rounds]);
    }

    private static void Xor(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        int i = 0;
        for (; i + Vector256<ulong>.Count <= target.Length; i += Vector256<ulong>.Count)
        {
            (Vector256.Create<ulong>(target[i..]) ^ Vector256.Create(other[i..])).CopyTo(target[i..]);
        }

        for (; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PermuteIntrinsic(Span<Vector128<byte>> blocks)
    {
        ReadOnlySpan<Vector128<byte>> keys = RoundKeys;
        Vector128<byte> k0 = keys[0], last = keys[Rounds];
        int i = 0;
        for (; i + 8 <= blocks.Length; i += 8)
        {
            ref Vector128<byte> b = ref blocks[i];
            Vector128<byte> b0 = b ^ k0, b1 = Unsafe.Add(ref b, 1) ^ k0, b2 = Unsafe.Add(ref b, 2) ^ k0, b3 = Unsafe.Add(ref b, 3) ^ k0;
            Vector128<byte> b4 = Unsafe.Add(ref b, 4) ^ k0, b5 = Unsafe.Add(ref b, 5) ^ k0, b6 = Unsafe.Add(ref b, 6) ^ k0, b7 = Unsafe.Add(ref b, 7) ^ k0;
            AesEightBlocks.MiddleRounds(keys, Rounds, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);

            b = X86Aes.EncryptLast(b0, last);
            Unsafe.Add(ref b, 1) = X86Aes.EncryptLast(b1, last);
            Unsafe.Add(ref b, 2) = X86Aes.EncryptLast(b2, last);
            Unsafe.Add(ref b, 3) = X86Aes.EncryptLast(b3, last);
            Unsafe.Add(ref b, 4) = X86Aes.EncryptLast(b4, last);
            Unsafe.Add(ref b, 5) = X86Aes.EncryptLast(b5, last);
            Unsafe.Add(ref b, 6) = X86Aes.EncryptLast(b6, last);
            Unsafe.Add(ref b, 7) = X86Aes.EncryptLast(b7, last);
        }

        for (; i < blocks.Length; i++)
        {
            Vector128<byte> b = blocks[i] ^ k0;
            for (int round = 1; round < Rounds; round++)
            {
                b = X86Aes.Encrypt(b, keys[round]);
            }

            blocks[i] = X86Aes.EncryptLast(b, last);
        }
    }

    /// <summary>The AES-128 key schedule (FIPS 197) with AESKEYGENASSIST, whose round constant must be a literal.</summary>
    private static Vector128<byte>[] ExpandKey()
    {
        var keys = new Vector128<byte>[Rounds + 1];
        Vector128<byte> k = Vector128.Create(Key);
        keys[0] = k;
        keys[1] = k = Next(k, X86Aes.KeygenAssist(k, 0x01));
        keys[2] = k = Next(k, X86Aes.KeygenAssist(k, 0x02));
        keys[3] = k = Next(k, X86Aes.KeygenAssist(k, 0x04));
        keys[4] = k = Next(k, X86Aes.KeygenAssist(k, 0x08));
        keys[5] = k = Next(k, X86Aes.KeygenAssist(k, 0x10));
        keys[6] = k = Next(k, X86Aes.KeygenAssist(k, 0x20));
        keys[7] = k = Next(k, X86Aes.KeygenAssist(k, 0x40));
        keys[8] = k = Next(k, X86Aes.KeygenAssist(k, 0x80));
        keys[9] = k = Next(k, X86Aes.KeygenAssist(k, 0x1B));
        keys[10] = Next(k, X86Aes.KeygenAssist(k, 0x36));
        return keys;
    }

    private static Vector128<byte> Next(Vector128<byte> key, Vector128<byte> assist)
    {
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
    }

    private static System.Security.Cryptography.Aes CreateFallback()
    {
        var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = Key;
        return aes;
    }
}
