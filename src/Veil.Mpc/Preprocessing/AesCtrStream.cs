using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using Veil.Random;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Veil.Mpc.Preprocessing;

/// <summary>
/// Exactly the stream of <see cref="AesCtrPrg"/> for the same seed and stream number (AES-256 in counter mode, the
/// stream number in the high and a big-endian block counter in the low half of each counter block), computed with
/// AES-NI in registers, eight blocks at a time, into the destination. The parties and the dealer expand megabytes of
/// correlated randomness per layer, and the one-call-per-8-KiB path through the platform cipher was the bottleneck.
/// Where AES-NI is absent it delegates to <see cref="AesCtrPrg"/>.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use; one instance per stream.</remarks>
internal sealed class AesCtrStream : IRandomSource, IDisposable
{
    private const int Rounds = 14;
    private const int ChunkBytes = 8 * 16;

    private readonly Vector128<byte>[] _keys = new Vector128<byte>[Rounds + 1];
    private readonly ulong _streamBigEndian;
    private readonly AesCtrPrg? _fallback;
    private readonly byte[] _buffer = new byte[ChunkBytes];
    private ulong _nextBlock;
    private int _position = ChunkBytes;

    /// <summary>Creates the stream for <paramref name="seed"/> (32 bytes) and <paramref name="stream"/>.</summary>
    /// <param name="seed">The AES-256 key.</param>
    /// <param name="stream">The stream number.</param>
    /// <param name="useIntrinsics">False forces the <see cref="AesCtrPrg"/> path (for tests).</param>
    public AesCtrStream(ReadOnlySpan<byte> seed, ulong stream = 0, bool useIntrinsics = true)
    {
        Guard.LengthEquals(seed.Length, AesCtrPrg.SeedSize, nameof(seed));
        if (!useIntrinsics || !X86Aes.IsSupported || !Sse2.IsSupported)
        {
            _fallback = new AesCtrPrg(seed, stream);
            return;
        }

        ExpandKey(seed);
        _streamBigEndian = BinaryPrimitives.ReverseEndianness(stream);
    }

    /// <inheritdoc />
    public void Fill(Span<byte> destination)
    {
        if (_fallback is not null)
        {
            _fallback.Fill(destination);
            return;
        }

        // Drain what is left of the last chunk, then whole chunks straight into the destination, then a tail.
        int take = Math.Min(destination.Length, ChunkBytes - _position);
        _buffer.AsSpan(_position, take).CopyTo(destination);
        _position += take;
        destination = destination[take..];
        int whole = destination.Length / ChunkBytes * ChunkBytes;
        Generate(destination[..whole]);
        destination = destination[whole..];
        if (!destination.IsEmpty)
        {
            Generate(_buffer);
            _buffer.AsSpan(0, destination.Length).CopyTo(destination);
            _position = destination.Length;
        }
    }

    /// <inheritdoc />
    public void Fill(Span<ulong> destination) => Fill(MemoryMarshal.AsBytes(destination));

    /// <inheritdoc />
    public ulong NextUInt64()
    {
        Span<byte> eight = stackalloc byte[sizeof(ulong)];
        Fill(eight);
        return BinaryPrimitives.ReadUInt64LittleEndian(eight);
    }

    /// <summary>Clears the key schedule.</summary>
    public void Dispose()
    {
        _fallback?.Dispose();
        Array.Clear(_keys);
        CryptographicOperations.ZeroMemory(_buffer);
    }

    /// <summary>Encrypts consecutive counter blocks into <paramref name="destination"/> (a multiple of 128 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Generate(Span<byte> destination)
    {
        ref byte target = ref MemoryMarshal.GetReference(destination);
        Vector128<byte> k0 = _keys[0], last = _keys[Rounds];
        for (int offset = 0; offset < destination.Length; offset += ChunkBytes)
        {
            Vector128<byte> b0 = Counter(0) ^ k0, b1 = Counter(1) ^ k0, b2 = Counter(2) ^ k0, b3 = Counter(3) ^ k0;
            Vector128<byte> b4 = Counter(4) ^ k0, b5 = Counter(5) ^ k0, b6 = Counter(6) ^ k0, b7 = Counter(7) ^ k0;
            _nextBlock += 8;
            AesEightBlocks.MiddleRounds(_keys, Rounds, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);

            ref byte chunk = ref Unsafe.Add(ref target, offset);
            X86Aes.EncryptLast(b0, last).StoreUnsafe(ref chunk, 0);
            X86Aes.EncryptLast(b1, last).StoreUnsafe(ref chunk, 16);
            X86Aes.EncryptLast(b2, last).StoreUnsafe(ref chunk, 32);
            X86Aes.EncryptLast(b3, last).StoreUnsafe(ref chunk, 48);
            X86Aes.EncryptLast(b4, last).StoreUnsafe(ref chunk, 64);
            X86Aes.EncryptLast(b5, last).StoreUnsafe(ref chunk, 80);
            X86Aes.EncryptLast(b6, last).StoreUnsafe(ref chunk, 96);
            X86Aes.EncryptLast(b7, last).StoreUnsafe(ref chunk, 112);
        }
    }

    /// <summary>The counter block of block number next + <paramref name="index"/>: both halves big-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> Counter(uint index) =>
        Vector128.Create(_streamBigEndian, BinaryPrimitives.ReverseEndianness(_nextBlock + index)).AsByte();

    /// <summary>The AES-256 key schedule (FIPS 197), with AESKEYGENASSIST (whose round constant must be a literal).</summary>
    private void ExpandKey(ReadOnlySpan<byte> seed)
    {
        Vector128<byte> a = Vector128.Create(seed[..16]), b = Vector128.Create(seed[16..]);
        _keys[0] = a;
        _keys[1] = b;
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x01), 2);
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x02), 4);
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x04), 6);
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x08), 8);
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x10), 10);
        Pair(ref a, ref b, X86Aes.KeygenAssist(b, 0x20), 12);
        _keys[14] = Mix(a, Sse2.Shuffle(X86Aes.KeygenAssist(b, 0x40).AsInt32(), 0xFF).AsByte());
    }

    /// <summary>Round keys <paramref name="index"/> and <paramref name="index"/> + 1 from the previous two.</summary>
    private void Pair(ref Vector128<byte> a, ref Vector128<byte> b, Vector128<byte> assist, int index)
    {
        a = Mix(a, Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte());
        b = Mix(b, Sse2.Shuffle(X86Aes.KeygenAssist(a, 0).AsInt32(), 0xAA).AsByte());
        _keys[index] = a;
        _keys[index + 1] = b;
    }

    private static Vector128<byte> Mix(Vector128<byte> key, Vector128<byte> assist)
    {
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }
}
