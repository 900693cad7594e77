using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// The key-switching steps every RLWE scheme shares: relinearizing a degree-2 ciphertext, and applying a Galois
/// automorphism with its key (plain or hoisted). CKKS and BFV evaluators each own one; the operations do not look at
/// scales or plaintext moduli, which stay the scheme's business.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use.</remarks>
internal sealed class KeySwitchOperations
{
    private readonly Parameters _parameters;
    private readonly KeySwitcher _switcher;
    private readonly Decomposition _decomposition;
    private readonly RnsPoly _d0, _d1;
    private readonly ulong[] _row;

    public KeySwitchOperations(Parameters parameters)
    {
        _parameters = parameters;
        _switcher = new KeySwitcher(parameters);
        _decomposition = new Decomposition(parameters);
        _d0 = parameters.RingQ.NewPoly();
        _d1 = parameters.RingQ.NewPoly();
        _row = new ulong[parameters.N];
    }

    /// <summary>destination = (c_0 + d_0, c_1 + d_1) with (d_0, d_1) the key switch of c_2 from s² to s. The destination
    /// may be a; its scale is a's.</summary>
    public void Relinearize(Ciphertext a, Ciphertext destination, RelinearizationKey key)
    {
        RnsBasis ringQ = _parameters.RingQ;
        int level = a.Level;
        _switcher.Decompose(a[2], level, _decomposition);
        _switcher.Switch(_decomposition, key.Key, _d0, _d1);
        destination.Resize(1, level);
        destination.Scale = a.Scale;
        for (int i = 0; i <= level; i++)
        {
            ModularKernels.Add(a[0][i], _d0[i], destination[0][i], ringQ[i]);
            ModularKernels.Add(a[1][i], _d1[i], destination[1][i], ringQ[i]);
        }
    }

    /// <summary>Splits a's c_1 into key-switching digits, for hoisted automorphisms.</summary>
    public void Decompose(Ciphertext a, Decomposition destination) => _switcher.Decompose(a[1], a.Level, destination);

    /// <summary>destination = σ_g(a) via its Galois key: key-switch c_1 from s to σ_g^-1(s), then apply σ_g. The
    /// destination may be a.</summary>
    public void ApplyGalois(Ciphertext a, GaloisKey key, Ciphertext destination)
    {
        _switcher.Decompose(a[1], a.Level, _decomposition);
        ApplyGalois(a, _decomposition, key, destination);
    }

    /// <summary>destination = a rotated by the keyed steps of <paramref name="plan"/> one after another (a copy of a
    /// when the plan is empty). The destination may be a.</summary>
    public void Rotate(Ciphertext a, (int Step, GaloisKey Key)[] plan, Ciphertext destination)
    {
        if (plan.Length == 0)
        {
            a.CopyTo(destination);
            return;
        }

        Ciphertext source = a;
        foreach ((_, GaloisKey key) in plan)
        {
            ApplyGalois(source, key, destination);
            source = destination;
        }
    }

    /// <summary>As <see cref="ApplyGalois(Ciphertext, GaloisKey, Ciphertext)"/>, from a's decomposition (hoisting).</summary>
    public void ApplyGalois(Ciphertext a, Decomposition decomposition, GaloisKey key, Ciphertext destination)
    {
        _switcher.Switch(decomposition, key.Key, _d0, _d1);
        FinishGalois(a, _parameters.GaloisPermutation(key.GaloisElement), destination);
    }

    /// <summary>destination = (σ(c_0 + d_0), σ(d_1)): (c_0 + d_0, d_1) decrypts under σ^-1(s), so its image under σ
    /// decrypts under s. Reads a's c_0 row by row before writing the destination.</summary>
    private void FinishGalois(Ciphertext a, int[] permutation, Ciphertext destination)
    {
        RnsBasis ringQ = _parameters.RingQ;
        int level = a.Level;
        double scale = a.Scale;
        destination.Resize(1, level);
        destination.Scale = scale;
        for (int i = 0; i <= level; i++)
        {
            ModularKernels.Add(a[0][i], _d0[i], _row, ringQ[i]);
            Automorphism.Permute(_row, permutation, destination[0][i]);
            Automorphism.Permute(_d1[i], permutation, destination[1][i]);
        }
    }
}
