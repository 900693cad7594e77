using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

public sealed partial class CkksEvaluator
{
    private Decomposition? _hoisted;
    private Ciphertext? _sumAccumulator, _sumPartial;

    /// <summary>
    /// destination = a with its slots rotated left by <paramref name="step"/> (slot j receives slot j + step; negative
    /// steps rotate right). With a Galois key for the step this is one key switch; otherwise the rotation is composed
    /// from the fewest keyed steps (with the default power-of-two keys, at most about log2(N)/2).
    /// </summary>
    /// <exception cref="ArgumentException">a has degree 2 (relinearize it first).</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose this rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Rotate(Ciphertext a, int step, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        CheckRotatable(a);
        _keySwitch.Rotate(a, Planner.Plan(step), destination);
    }

    /// <summary>Returns a rotated left by <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose this rotation.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RotateNew(Ciphertext a, int step) => New(a, d => Rotate(a, step, d));

    /// <summary>destination = the complex conjugate of a, slot by slot.</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">There is no conjugation key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Conjugate(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        CheckRotatable(a);
        ulong element = Automorphism.ConjugationElement(_parameters.LogN);
        if (Keys is null || !Keys.GaloisKeys.TryGetValue(element, out GaloisKey? key))
        {
            throw new MissingKeyException("Conjugation needs the conjugation key (GenEvaluationKeysNew with conjugation: true).");
        }

        ApplyGalois(a, key, destination);
    }

    /// <summary>Returns the complex conjugate of a.</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">There is no conjugation key.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext ConjugateNew(Ciphertext a) => New(a, d => Conjugate(a, d));

    /// <summary>
    /// The first half of key switching for a: its c_1 split into digits and raised to QP. Reuse it with
    /// <see cref="RotateHoisted(Ciphertext, Decomposition, int, Ciphertext)"/> to rotate a by many steps at the cost of
    /// one decomposition plus one inner product and ModDown per step (baby steps of a matrix-vector product).
    /// </summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Decompose(Ciphertext a, Decomposition destination)
    {
        Check(a, nameof(a));
        ArgumentNullException.ThrowIfNull(destination);
        ParameterGuard.Same(_parameters, destination.Parameters, "decomposition");
        CheckRotatable(a);
        _keySwitch.Decompose(a, destination);
    }

    /// <summary>Returns the decomposition of a (see <see cref="Decompose"/>).</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Decomposition DecomposeNew(Ciphertext a)
    {
        var result = new Decomposition(_parameters);
        Decompose(a, result);
        return result;
    }

    /// <summary>destination = a rotated left by <paramref name="step"/>, reusing <paramref name="decomposition"/> (of a).
    /// A step without its own key falls back to a composed rotation.</summary>
    /// <exception cref="ArgumentException">The decomposition is not of a's level, or the destination is a.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose this rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void RotateHoisted(Ciphertext a, Decomposition decomposition, int step, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        ArgumentNullException.ThrowIfNull(decomposition);
        ParameterGuard.Same(_parameters, decomposition.Parameters, "decomposition");
        CheckRotatable(a);
        Guard.IsTrue(decomposition.Level == a.Level, nameof(decomposition), "must be the decomposition of the ciphertext (same level)");
        Guard.IsTrue(!ReferenceEquals(a, destination), nameof(destination), "must differ from the source of a hoisted rotation");
        (int Step, GaloisKey Key)[] plan = Planner.Plan(step);
        if (plan.Length == 0)
        {
            a.CopyTo(destination);
        }
        else if (plan.Length == 1)
        {
            _keySwitch.ApplyGalois(a, decomposition, plan[0].Key, destination);
        }
        else
        {
            Rotate(a, step, destination);
        }
    }

    /// <summary>Rotates a by every step in <paramref name="steps"/> into the matching <paramref name="destinations"/>,
    /// decomposing a once (hoisting).</summary>
    /// <exception cref="ArgumentException">The counts differ, a has degree 2, or a destination is a.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void RotateHoisted(Ciphertext a, ReadOnlySpan<int> steps, IReadOnlyList<Ciphertext> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        Guard.LengthEquals(destinations.Count, steps.Length, nameof(destinations));
        _hoisted ??= new Decomposition(_parameters);
        Decompose(a, _hoisted);
        for (int i = 0; i < steps.Length; i++)
        {
            RotateHoisted(a, _hoisted, steps[i], destinations[i]);
        }
    }

    /// <summary>Returns a rotated by each of <paramref name="steps"/>, decomposing a once.</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a rotation.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext[] RotateHoistedNew(Ciphertext a, ReadOnlySpan<int> steps)
    {
        Check(a, nameof(a));
        var results = new Ciphertext[steps.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new Ciphertext(_parameters, 1, a.Level, a.Scale);
        }

        RotateHoisted(a, steps, results);
        return results;
    }

    /// <summary>destination = a with every slot holding the sum of all slots (log2(N/2) rotations by powers of two).</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a needed rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void SumSlots(Ciphertext a, Ciphertext destination) => InnerSum(a, 1, _parameters.Slots, destination);

    /// <summary>Returns a with every slot holding the sum of all slots.</summary>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a needed rotation.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext SumSlotsNew(Ciphertext a) => New(a, d => SumSlots(a, d));

    /// <summary>
    /// destination[j] = Σ_(k &lt; count) a[j + k·batchSize] (slot indices modulo N/2): sums <paramref name="count"/> blocks
    /// of <paramref name="batchSize"/> slots, e.g. a dot product's partial products (batchSize 1) or the rows of a
    /// packed matrix. Uses about 2·log2(count) rotations.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">batchSize or count is not positive, or batchSize·count exceeds N/2.</exception>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a needed rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void InnerSum(Ciphertext a, int batchSize, int count, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.Positive(batchSize);
        Guard.Positive(count);
        Guard.IsTrue((long)batchSize * count <= _parameters.Slots, nameof(count), "times batchSize must not exceed the number of slots");
        CheckRotatable(a);
        _sumAccumulator ??= new Ciphertext(_parameters);
        _sumPartial ??= new Ciphertext(_parameters);

        // power holds the sum of 2^i consecutive blocks; result collects the blocks of the set bits of count.
        Ciphertext power = _sumPartial, result = _sumAccumulator;
        a.CopyTo(power);
        bool started = false;
        int offset = 0;
        for (int blocks = 1; blocks <= count; blocks <<= 1)
        {
            if ((count & blocks) != 0)
            {
                if (!started)
                {
                    Rotate(power, offset * batchSize, result);
                    started = true;
                }
                else
                {
                    Rotate(power, offset * batchSize, Temporary);
                    Add(result, Temporary, result);
                }

                offset += blocks;
            }

            if ((blocks << 1) <= count)
            {
                Rotate(power, blocks * batchSize, Temporary);
                Add(power, Temporary, power);
            }
        }

        result.CopyTo(destination);
    }

    /// <summary>Returns the inner sum of a (see <see cref="InnerSum"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">batchSize or count is out of range.</exception>
    /// <exception cref="ArgumentException">a has degree 2.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose a needed rotation.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext InnerSumNew(Ciphertext a, int batchSize, int count) => New(a, d => InnerSum(a, batchSize, count, d));

    private RotationPlanner Planner => _planner ?? throw new MissingKeyException(
        "This evaluator has no Galois keys: create it with EvaluationKeys that include rotation keys.");

    private static void CheckRotatable(Ciphertext a) =>
        Guard.IsTrue(a.Degree == 1, nameof(a), "must be relinearized (degree 1) before a rotation");

    private void ApplyGalois(Ciphertext a, GaloisKey key, Ciphertext destination) => _keySwitch.ApplyGalois(a, key, destination);
}
