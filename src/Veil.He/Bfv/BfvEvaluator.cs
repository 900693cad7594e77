using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Bfv;

/// <summary>
/// Computes on BFV ciphertexts, slot by slot modulo t: addition, subtraction, negation, products with plaintexts and
/// with ciphertexts, relinearization, and rotations of the two slot rows (<see cref="BfvEncoder"/> describes the
/// slots). It holds only public evaluation keys: nothing here can decrypt. Ciphertexts stay in NTT form at the top
/// level (BFV needs no rescaling); each operation has a destination-passing form and an allocating twin (…New), and a
/// destination may be an operand.
/// </summary>
/// <remarks>Thread-safety: holds scratch buffers; not safe for concurrent use. Use one evaluator per thread (they may
/// share keys).</remarks>
public sealed partial class BfvEvaluator
{
    private readonly Parameters _parameters;
    private readonly BfvScaling _scaling;
    private readonly RnsPoly _plain;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="parameters">The BFV parameters.</param>
    /// <param name="keys">The evaluation keys (relinearization and Galois keys); null when only additions and products
    /// with plaintexts are needed.</param>
    /// <exception cref="InvalidParametersException">The parameters are not BFV parameters.</exception>
    /// <exception cref="ParameterMismatchException">The keys belong to other parameters.</exception>
    public BfvEvaluator(Parameters parameters, EvaluationKeys? keys = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.EnsureBfv();
        if (keys is not null)
        {
            ParameterGuard.Same(parameters, keys.Parameters, "evaluation keys");
        }

        _parameters = parameters;
        Keys = keys;
        _scaling = new BfvScaling(parameters);
        _plain = parameters.RingQ.NewPoly();
        _keySwitch = new KeySwitchOperations(parameters);
        _planner = keys is null ? null : new RotationPlanner(keys);
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters => _parameters;

    /// <summary>The evaluation keys, if any.</summary>
    public EvaluationKeys? Keys { get; }

    private RnsBasis RingQ => _parameters.RingQ;

    /// <summary>destination = a + b, slot by slot. The degree is the larger of the two.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">A ciphertext is not at the top level.</exception>
    public void Add(Ciphertext a, Ciphertext b, Ciphertext destination) => Combine(a, b, destination, subtract: false);

    /// <summary>Returns a + b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">A ciphertext is not at the top level.</exception>
    public Ciphertext AddNew(Ciphertext a, Ciphertext b) => New(d => Add(a, b, d));

    /// <summary>destination = a − b, slot by slot.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">A ciphertext is not at the top level.</exception>
    public void Subtract(Ciphertext a, Ciphertext b, Ciphertext destination) => Combine(a, b, destination, subtract: true);

    /// <summary>Returns a − b.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">A ciphertext is not at the top level.</exception>
    public Ciphertext SubtractNew(Ciphertext a, Ciphertext b) => New(d => Subtract(a, b, d));

    /// <summary>destination = −a, slot by slot.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public void Negate(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        destination.Resize(a.Degree, a.Level);
        destination.Scale = 1;
        for (int k = 0; k <= a.Degree; k++)
        {
            RingQ.Negate(a[k], destination[k]);
        }
    }

    /// <summary>Returns −a.</summary>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public Ciphertext NegateNew(Ciphertext a) => New(d => Negate(a, d));

    /// <summary>destination = a + p, slot by slot (p is scaled up and moved to NTT form on each call: about |Q| NTTs).</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public void AddPlain(Ciphertext a, BfvPlaintext p, Ciphertext destination) => CombinePlain(a, p, destination, subtract: false);

    /// <summary>Returns a + p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public Ciphertext AddPlainNew(Ciphertext a, BfvPlaintext p) => New(d => AddPlain(a, p, d));

    /// <summary>destination = a − p, slot by slot.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public void SubtractPlain(Ciphertext a, BfvPlaintext p, Ciphertext destination) => CombinePlain(a, p, destination, subtract: true);

    /// <summary>Returns a − p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public Ciphertext SubtractPlainNew(Ciphertext a, BfvPlaintext p) => New(d => SubtractPlain(a, p, d));

    /// <summary>destination = a · p, slot by slot. The plaintext is lifted to its centered representative (|p_k| ≤ t/2),
    /// which keeps the noise growth to about N·t/2 times.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public void MultiplyPlain(Ciphertext a, BfvPlaintext p, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        CheckPlain(p);
        Modulus t = BfvTables.For(_parameters).T;
        for (int i = 0; i < RingQ.Count; i++)
        {
            ModularKernels.LiftCentered(p.Coefficients, t, _plain[i], RingQ[i]);
            Ntt.Forward(_plain[i], RingQ.Tables[i]);
        }

        destination.Resize(a.Degree, a.Level);
        destination.Scale = 1;
        for (int k = 0; k <= a.Degree; k++)
        {
            RingQ.MultiplyCoefficients(a[k], _plain, destination[k]);
        }
    }

    /// <summary>Returns a · p.</summary>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    /// <exception cref="ArgumentException">The ciphertext is not at the top level.</exception>
    public Ciphertext MultiplyPlainNew(Ciphertext a, BfvPlaintext p) => New(d => MultiplyPlain(a, p, d));

    private void Combine(Ciphertext a, Ciphertext b, Ciphertext destination, bool subtract)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        Check(destination, nameof(destination));
        int common = Math.Min(a.Degree, b.Degree), degree = Math.Max(a.Degree, b.Degree);
        Ciphertext longer = a.Degree >= b.Degree ? a : b;
        bool negateExtra = subtract && b.Degree > a.Degree;
        destination.Resize(degree, a.Level);
        destination.Scale = 1;
        for (int k = 0; k <= common; k++)
        {
            if (subtract)
            {
                RingQ.Subtract(a[k], b[k], destination[k]);
            }
            else
            {
                RingQ.Add(a[k], b[k], destination[k]);
            }
        }

        for (int k = common + 1; k <= degree; k++)
        {
            if (negateExtra)
            {
                RingQ.Negate(longer[k], destination[k]);
            }
            else if (!ReferenceEquals(longer, destination))
            {
                longer[k].CopyTo(destination[k]);
            }
        }
    }

    private void CombinePlain(Ciphertext a, BfvPlaintext p, Ciphertext destination, bool subtract)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        CheckPlain(p);
        _scaling.ScaleUp(p.Coefficients, _plain);
        RingQ.ForwardNtt(_plain);
        destination.Resize(a.Degree, a.Level);
        destination.Scale = 1;
        if (subtract)
        {
            RingQ.Subtract(a[0], _plain, destination[0]);
        }
        else
        {
            RingQ.Add(a[0], _plain, destination[0]);
        }

        for (int k = 1; k <= a.Degree && !ReferenceEquals(a, destination); k++)
        {
            a[k].CopyTo(destination[k]);
        }
    }

    private void Check(Ciphertext ciphertext, string name)
    {
        ArgumentNullException.ThrowIfNull(ciphertext, name);
        ParameterGuard.Same(_parameters, ciphertext.Parameters, name);
        Guard.IsTrue(ciphertext.Level == _parameters.MaxLevel, name, "must be at the top level: BFV ciphertexts keep every prime of Q");
    }

    private void CheckPlain(BfvPlaintext plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ParameterGuard.Same(_parameters, plaintext.Parameters, "plaintext");
    }

    private Ciphertext New(Action<Ciphertext> operation)
    {
        var result = new Ciphertext(_parameters, 1, _parameters.MaxLevel, 1);
        operation(result);
        return result;
    }
}
