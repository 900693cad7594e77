using Veil.Arithmetic;
using Veil.Random;

namespace Veil.He.Rlwe;

/// <summary>
/// Generates the secret key and, from it, the public key, the relinearization key and Galois keys. Secrets and errors
/// come from a CSPRNG (<see cref="CryptoRandom"/> unless another source is given); the uniform halves of public keys
/// are expanded from fresh 32-byte seeds so they can travel as seeds.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (it holds a random source and scratch); create one per thread.</remarks>
public sealed class KeyGenerator
{
    private readonly Parameters _parameters;
    private readonly IRandomSource _random;
    private RnsPoly? _scratch;

    /// <summary>Creates a key generator for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="random">The source of secrets and errors; must be cryptographically secure. Default: a new
    /// <see cref="CryptoRandom"/>.</param>
    public KeyGenerator(Parameters parameters, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _random = random ?? new CryptoRandom();
    }

    /// <summary>The default rotation steps of <see cref="GenEvaluationKeysNew"/>: ±2^i for 2^i &lt; N/2, from which
    /// any rotation composes in at most ⌈log2(N/2)/2⌉ + 1 steps.</summary>
    public static int[] DefaultRotationSteps(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var steps = new List<int>();
        for (int step = 1; step < parameters.Slots; step <<= 1)
        {
            steps.Add(step);
            steps.Add(-step);
        }

        return [.. steps];
    }

    /// <summary>Generates a secret key: uniform ternary coefficients from the CSPRNG.</summary>
    public SecretKey GenSecretKeyNew()
    {
        var sampled = new long[_parameters.N];
        Sampling.Ternary(_random, sampled);
        var coefficients = new sbyte[sampled.Length];
        for (int k = 0; k < sampled.Length; k++)
        {
            coefficients[k] = (sbyte)sampled[k];
        }

        Sampling.Wipe(sampled);
        return new SecretKey(_parameters, coefficients);
    }

    /// <summary>Generates the public key of <paramref name="secretKey"/>.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public PublicKey GenPublicKeyNew(SecretKey secretKey)
    {
        var key = new PublicKey(_parameters);
        GenPublicKey(secretKey, key);
        return key;
    }

    /// <summary>Fills <paramref name="destination"/> with the public key (b, a) = (−a·s + e, a) of <paramref name="secretKey"/>,
    /// modulo Q and modulo the special primes P.</summary>
    /// <exception cref="ParameterMismatchException">A key belongs to other parameters.</exception>
    public void GenPublicKey(SecretKey secretKey, PublicKey destination)
    {
        CheckSecret(secretKey);
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "public key");
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        _random.Fill(destination.Seed);
        SeededCiphertext.ExpandUniform(_parameters, destination.Seed, destination.A, destination.AP);
        destination.HasSeed = true;
        destination.HasSpecialPrimePart = true;

        // b = e − a·s modulo QP: one error polynomial, embedded modulo every prime of Q and of P.
        var errors = new long[_parameters.N];
        Sampling.Gaussian(_random, errors);
        Sampling.Embed(errors, destination.B, ringQ.Moduli, destination.B.Count);
        Sampling.Embed(errors, destination.BP, ringP.Moduli, destination.BP.Count);
        Sampling.Wipe(errors);
        ringQ.ForwardNtt(destination.B);
        ringP.ForwardNtt(destination.BP);
        RnsPoly scratchQ = Scratch(ringQ), scratchP = ringP.NewPoly();
        ringQ.MultiplyCoefficients(destination.A, secretKey.Q, scratchQ);
        ringQ.Subtract(destination.B, scratchQ, destination.B);
        ringP.MultiplyCoefficients(destination.AP, secretKey.P, scratchP);
        ringP.Subtract(destination.BP, scratchP, destination.BP);
        scratchQ.Clear();
        scratchP.Clear();
    }

    /// <summary>Generates the relinearization key (a key-switching key from s² to s).</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public RelinearizationKey GenRelinearizationKeyNew(SecretKey secretKey)
    {
        var key = new RelinearizationKey(_parameters);
        GenRelinearizationKey(secretKey, key);
        return key;
    }

    /// <summary>Fills <paramref name="destination"/> with the relinearization key of <paramref name="secretKey"/>.</summary>
    /// <exception cref="ParameterMismatchException">A key belongs to other parameters.</exception>
    public void GenRelinearizationKey(SecretKey secretKey, RelinearizationKey destination)
    {
        CheckSecret(secretKey);
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "relinearization key");
        RnsPoly square = _parameters.RingQ.NewPoly();
        _parameters.RingQ.MultiplyCoefficients(secretKey.Q, secretKey.Q, square);
        GenKeySwitchingKey(square, secretKey.Q, secretKey.P, destination.Key);
        square.Clear();
    }

    /// <summary>Generates the Galois key for the automorphism X ↦ X^<paramref name="galoisElement"/>.</summary>
    /// <exception cref="ArgumentException">The element is not odd and below 2N.</exception>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public GaloisKey GenGaloisKeyNew(SecretKey secretKey, ulong galoisElement)
    {
        var key = new GaloisKey(_parameters, galoisElement);
        GenGaloisKey(secretKey, key);
        return key;
    }

    /// <summary>Fills <paramref name="destination"/> with the Galois key for its element g: a key switching from s to
    /// σ_g^-1(s), so that an evaluator key-switches c_1 and then applies σ_g to the result (no automorphism of the
    /// decomposed digits, which is what makes hoisted rotations cheap).</summary>
    /// <exception cref="ParameterMismatchException">A key belongs to other parameters.</exception>
    public void GenGaloisKey(SecretKey secretKey, GaloisKey destination)
    {
        CheckSecret(secretKey);
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "Galois key");
        int[] inverse = _parameters.GaloisPermutation(Automorphism.Inverse(_parameters.LogN, destination.GaloisElement));
        RnsPoly targetQ = _parameters.RingQ.NewPoly(), targetP = _parameters.RingP.NewPoly();
        Automorphism.ApplyNtt(secretKey.Q, inverse, targetQ);
        Automorphism.ApplyNtt(secretKey.P, inverse, targetP);
        GenKeySwitchingKey(secretKey.Q, targetQ, targetP, destination.Key);
        targetQ.Clear();
        targetP.Clear();
    }

    /// <summary>Generates Galois keys for CKKS rotations by <paramref name="steps"/> (each step once; 0 is skipped) and,
    /// when <paramref name="conjugation"/>, for complex conjugation. Only the keys asked for are made.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public IReadOnlyList<GaloisKey> GenRotationKeysNew(SecretKey secretKey, IEnumerable<int> steps, bool conjugation = false)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var elements = new SortedSet<ulong>();
        foreach (int step in steps)
        {
            ulong g = Automorphism.RotationElement(_parameters.LogN, step);
            if (g != 1)
            {
                elements.Add(g);
            }
        }

        if (conjugation)
        {
            elements.Add(Automorphism.ConjugationElement(_parameters.LogN));
        }

        return elements.Select(g => GenGaloisKeyNew(secretKey, g)).ToList();
    }

    /// <summary>Generates the evaluation keys a server needs: the relinearization key (unless turned off), rotation keys
    /// for <paramref name="rotationSteps"/> (default: <see cref="DefaultRotationSteps"/>; pass an empty list for none),
    /// and the conjugation key.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    public EvaluationKeys GenEvaluationKeysNew(
        SecretKey secretKey, IEnumerable<int>? rotationSteps = null, bool conjugation = true, bool relinearization = true)
    {
        RelinearizationKey? relin = relinearization ? GenRelinearizationKeyNew(secretKey) : null;
        IReadOnlyList<GaloisKey> galois = GenRotationKeysNew(secretKey, rotationSteps ?? DefaultRotationSteps(_parameters), conjugation);
        return new EvaluationKeys(_parameters, relin, galois);
    }

    /// <summary>Fills <paramref name="key"/> with a key switching from <paramref name="from"/> (NTT form, all Q rows) to the
    /// secret whose NTT rows are <paramref name="toQ"/> and <paramref name="toP"/>.</summary>
    private void GenKeySwitchingKey(RnsPoly from, RnsPoly toQ, RnsPoly toP, KeySwitchingKey key)
    {
        RnsBasis ringQ = _parameters.RingQ, ringP = _parameters.RingP;
        KeySwitchingTables tables = _parameters.KeySwitching;
        _random.Fill(key.Seed);
        key.HasSeed = true;
        key.ExpandA();
        RnsPoly tq = ringQ.NewPoly(), tp = ringP.NewPoly();
        var errors = new long[_parameters.N];
        int alpha = _parameters.DigitSize;
        for (int j = 0; j < key.Digits; j++)
        {
            // b_j = −a_j·s + e_j over QP.
            Sampling.Gaussian(_random, errors);
            Sampling.Embed(errors, key.BQ[j], ringQ.Moduli, ringQ.Count);
            Sampling.Embed(errors, key.BP[j], ringP.Moduli, ringP.Count);
            ringQ.ForwardNtt(key.BQ[j]);
            ringP.ForwardNtt(key.BP[j]);
            ringQ.MultiplyCoefficients(key.AQ[j], toQ, tq);
            ringQ.Subtract(key.BQ[j], tq, key.BQ[j]);
            ringP.MultiplyCoefficients(key.AP[j], toP, tp);
            ringP.Subtract(key.BP[j], tp, key.BP[j]);

            // + P·s' on the rows of digit j (the gadget is 1 there and 0 on the other rows of Q, and P ≡ 0 mod P).
            for (int i = j * alpha; i < Math.Min((j + 1) * alpha, ringQ.Count); i++)
            {
                ModularKernels.MultiplyConstantAdd(from[i], ringQ[i].Shoup(tables.PModQ[i]), key.BQ[j][i], ringQ[i]);
            }
        }

        Sampling.Wipe(errors);
        tq.Clear();
        tp.Clear();
    }

    private void SampleError(RnsPoly destination, RnsBasis ring)
    {
        var errors = new long[_parameters.N];
        Sampling.Gaussian(_random, errors);
        Sampling.Embed(errors, destination, ring.Moduli, destination.Count);
        ring.ForwardNtt(destination);
        Sampling.Wipe(errors);
    }

    private RnsPoly Scratch(RnsBasis ring) => _scratch ??= ring.NewPoly();

    private void CheckSecret(SecretKey secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ParameterGuard.Same(_parameters, secretKey.Parameters, "secret key");
    }
}
