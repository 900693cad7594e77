using Veil.He.Rlwe;

namespace Veil.He.Bfv;

public sealed partial class BfvEvaluator
{
    private readonly RotationPlanner? _planner;

    /// <summary>
    /// destination = a with both slot rows rotated left by <paramref name="step"/> columns (column c receives column
    /// c + step; negative steps rotate right), SEAL's <c>rotate_rows</c>. With a Galois key for the step this is one key
    /// switch; otherwise the rotation is composed from the keyed steps.
    /// </summary>
    /// <exception cref="ArgumentException">a has degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose this rotation.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void RotateRows(Ciphertext a, int step, Ciphertext destination)
    {
        CheckRotatable(a, destination);
        RotationPlanner planner = _planner ?? throw new MissingKeyException(
            "This evaluator has no Galois keys: create it with EvaluationKeys that include rotation keys.");
        _keySwitch.Rotate(a, planner.Plan(step), destination);
    }

    /// <summary>Returns a with both rows rotated left by <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentException">a has degree 2, or is not at the top level.</exception>
    /// <exception cref="MissingKeyException">The keys cannot compose this rotation.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RotateRowsNew(Ciphertext a, int step) => New(d => RotateRows(a, step, d));

    /// <summary>destination = a with its two slot rows swapped (SEAL's <c>rotate_columns</c>): the automorphism
    /// X ↦ X^(2N−1), with the conjugation key.</summary>
    /// <exception cref="ArgumentException">a has degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="MissingKeyException">There is no key for X ↦ X^(2N−1).</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void RotateColumns(Ciphertext a, Ciphertext destination)
    {
        CheckRotatable(a, destination);
        ulong element = Automorphism.ConjugationElement(_parameters.LogN);
        if (Keys is null || !Keys.GaloisKeys.TryGetValue(element, out GaloisKey? key))
        {
            throw new MissingKeyException("Swapping the rows needs the key of X ↦ X^(2N−1) (GenEvaluationKeysNew with conjugation: true).");
        }

        _keySwitch.ApplyGalois(a, key, destination);
    }

    /// <summary>Returns a with its two rows swapped.</summary>
    /// <exception cref="ArgumentException">a has degree 2, or is not at the top level.</exception>
    /// <exception cref="MissingKeyException">There is no key for X ↦ X^(2N−1).</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RotateColumnsNew(Ciphertext a) => New(d => RotateColumns(a, d));

    private void CheckRotatable(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.IsTrue(a.Degree == 1, nameof(a), "must be relinearized (degree 1) before a rotation");
    }
}
