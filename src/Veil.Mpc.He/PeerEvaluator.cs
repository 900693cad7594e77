using Veil.Arithmetic;
using Veil.Random;

namespace Veil.Mpc.He;

/// <summary>
/// The evaluating side: products of the peer's ciphertexts with this party's plaintext polynomials, and the reply that
/// turns one into secret shares. It holds the peer's public key only; this party's secret key is out of its reach.
/// </summary>
/// <remarks>
/// A reply is the accumulated product, re-randomized with a public-key encryption of zero under the peer's key (so c1
/// no longer reveals a·L), plus round(Q·(−M)/t) for a fresh uniform mask M at every coefficient, plus flooding noise
/// uniform in [−2^f, 2^f), then switched down to the reply modulus; c1 is sent whole and c0 only at the coefficients
/// that hold outputs, both rounded (<see cref="ReplyCodec"/>). Thread-safety: not thread-safe.
/// </remarks>
internal sealed class PeerEvaluator
{
    private readonly HeRing _ring;
    private readonly HeCiphertext _publicKey;
    private readonly CryptoRandom _random = new();
    private readonly long[] _small;
    private RnsPoly? _scratch;

    private PeerEvaluator(HeRing ring, HeCiphertext publicKey)
    {
        _ring = ring;
        _publicKey = publicKey;
        _small = new long[ring.N];
    }

    /// <summary>Reads the peer's public key.</summary>
    /// <exception cref="MpcProtocolException">The key is truncated or out of range.</exception>
    public static PeerEvaluator ReadPublicKey(HeRing ring, ref WireReader reader) => new(ring, HeCiphertext.ReadFresh(ring, ref reader));

    /// <summary>A plaintext polynomial (coefficients mod 2^64, read as centered) in NTT form at every level.</summary>
    public RnsPoly Plaintext(ReadOnlySpan<ulong> coefficients)
    {
        RnsPoly poly = _ring.Basis.NewPoly();
        Plaintext(coefficients, poly);
        return poly;
    }

    /// <summary>Writes a plaintext polynomial into <paramref name="poly"/> (all levels), in NTT form.</summary>
    public void Plaintext(ReadOnlySpan<ulong> coefficients, RnsPoly poly)
    {
        poly.Resize(_ring.Levels);
        for (int i = 0; i < _ring.Levels; i++)
        {
            Modulus q = _ring.Basis[i];
            Span<ulong> row = poly[i];
            for (int j = 0; j < coefficients.Length; j++)
            {
                row[j] = q.ReduceSigned(unchecked((long)coefficients[j]));
            }
        }

        _ring.Basis.ForwardNtt(poly);
    }

    /// <summary>A zero accumulator (c0, c1) in NTT form.</summary>
    public HeCiphertext NewAccumulator() => new(_ring.Basis.NewPoly(), _ring.Basis.NewPoly());

    /// <summary>acc += ct · plaintext.</summary>
    public void MultiplyAdd(HeCiphertext ciphertext, RnsPoly plaintext, HeCiphertext accumulator)
    {
        _ring.Basis.MultiplyCoefficientsAdd(ciphertext.C0, plaintext, accumulator.C0);
        _ring.Basis.MultiplyCoefficientsAdd(ciphertext.C1, plaintext, accumulator.C1);
    }

    /// <summary>
    /// Finishes <paramref name="accumulator"/> into a reply (written to <paramref name="writer"/>) that decrypts to
    /// product − M, and returns M at <paramref name="positions"/> in <paramref name="masks"/>.
    /// </summary>
    public void WriteReply(HeCiphertext accumulator, int floodBits, ReadOnlySpan<int> positions, Span<ulong> masks, WireWriter writer)
    {
        RnsBasis basis = _ring.Basis;
        RnsPoly c0 = accumulator.C0, c1 = accumulator.C1;

        // Re-randomize: + (pk0·u + e0, pk1·u + e1).
        RnsPoly u = basis.NewPoly();
        RlweSampling.Ternary(_random, _small);
        RlweSampling.Embed(_small, u, basis, _ring.Levels);
        basis.ForwardNtt(u);
        basis.MultiplyCoefficientsAdd(_publicKey.C0, u, c0);
        basis.MultiplyCoefficientsAdd(_publicKey.C1, u, c1);
        u.Clear();
        basis.InverseNtt(c0);
        basis.InverseNtt(c1);
        AddError(c0);
        AddError(c1);

        // Mask every coefficient with a fresh uniform M: the decryptor learns product − M only.
        var mask = new ulong[_ring.N];
        _random.Fill(mask);
        for (int j = 0; j < positions.Length; j++)
        {
            masks[j] = mask[positions[j]];
        }

        for (int j = 0; j < mask.Length; j++)
        {
            mask[j] = unchecked(0UL - mask[j]);
        }

        _ring.AddScaled(mask, c0);
        Array.Clear(mask);
        RlweSampling.AddFlooding(_random, c0, basis, floodBits);

        while (c0.Count > _ring.ReplyLevels)
        {
            _ring.DropTopPrime(c0);
            _ring.DropTopPrime(c1);
        }

        _ring.Reply.Write(c0, c1, positions, writer);
        c0.Resize(_ring.Levels);
        c1.Resize(_ring.Levels);
        c0.Clear();
        c1.Clear();
    }

    /// <summary>Reads a reply with <paramref name="count"/> positions: c0 at the positions (rows × count) and c1 whole.</summary>
    /// <exception cref="MpcProtocolException">The reply is truncated or out of range.</exception>
    public static (ulong[] C0, RnsPoly C1) ReadReply(HeRing ring, int count, ref WireReader reader) => ring.Reply.Read(count, ref reader);

    private void AddError(RnsPoly poly)
    {
        RlweSampling.Error(_random, _small);
        _scratch ??= _ring.Basis.NewPoly();
        RlweSampling.Embed(_small, _scratch, _ring.Basis, poly.Count);
        for (int i = 0; i < poly.Count; i++)
        {
            ModularKernels.Add(poly[i], _scratch[i], poly[i], _ring.Basis[i]);
        }

        Array.Clear(_small);
        _scratch.Clear();
    }
}
