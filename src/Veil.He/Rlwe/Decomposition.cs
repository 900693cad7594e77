using Veil.Arithmetic;

namespace Veil.He.Rlwe;

/// <summary>
/// A polynomial split into the digits of hybrid key switching and raised to QP (ModUp), in NTT form: the expensive half
/// of key switching. Computed once, it serves any number of key switches, which is how hoisted rotations save time.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent writes; concurrent reads (several rotations from one decomposition
/// on several threads, each with its own evaluator) are safe.</remarks>
public sealed class Decomposition
{
    /// <summary>Creates an empty decomposition for <paramref name="parameters"/>.</summary>
    public Decomposition(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        int digits = parameters.DigitCount(parameters.MaxLevel);
        Q = new RnsPoly[digits];
        P = new RnsPoly[digits];
        for (int j = 0; j < digits; j++)
        {
            Q[j] = parameters.RingQ.NewPoly();
            P[j] = parameters.RingP.NewPoly();
        }
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>The level of the decomposed polynomial.</summary>
    public int Level { get; internal set; }

    /// <summary>The number of digits in use at <see cref="Level"/>.</summary>
    public int Digits => Parameters.DigitCount(Level);

    /// <summary>Digit j modulo the primes of Q up to the level.</summary>
    internal RnsPoly[] Q { get; }

    /// <summary>Digit j modulo the primes of P.</summary>
    internal RnsPoly[] P { get; }
}
