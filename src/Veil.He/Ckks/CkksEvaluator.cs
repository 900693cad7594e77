using Veil.Arithmetic;
using Veil.He.Rlwe;

namespace Veil.He.Ckks;

/// <summary>
/// Homomorphic operations on CKKS ciphertexts: addition and subtraction, products with plaintexts, constants and other
/// ciphertexts, relinearization, rescaling, level management, slot rotations (hoisted or not, composed from the
/// available keys when needed), conjugation and slot sums. Every operation has a destination-passing form
/// (<c>Add(a, b, destination)</c>; the destination may be an operand) and an allocating form (<c>AddNew(a, b)</c>).
/// </summary>
/// <remarks>
/// It holds only public evaluation keys: nothing here can decrypt. Ciphertexts are in NTT form throughout.
/// Thread-safety: holds scratch buffers and is not safe for concurrent use; <see cref="ShallowCopy"/> gives an evaluator
/// per thread sharing the (read-only) parameters and keys.
/// </remarks>
public sealed partial class CkksEvaluator
{
    private readonly Parameters _parameters;
    private readonly KeySwitchOperations _keySwitch;
    private readonly RnsPoly _t;
    private readonly ulong[] _row;
    private readonly RotationPlanner? _planner;
    private Ciphertext? _temporary;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="keys">The evaluation keys (relinearization and Galois keys); null when only additions and products
    /// with plaintexts and constants are needed.</param>
    /// <param name="options">How to treat operands of different levels or scales; default: strict.</param>
    /// <exception cref="ParameterMismatchException">The keys belong to other parameters.</exception>
    /// <exception cref="InvalidParametersException">The parameters are BFV parameters.</exception>
    public CkksEvaluator(Parameters parameters, EvaluationKeys? keys = null, CkksEvaluatorOptions? options = null)
        : this(Guard.NotNull(parameters), keys, options ?? new CkksEvaluatorOptions(), keys is null ? null : new RotationPlanner(keys))
    {
    }

    private CkksEvaluator(Parameters parameters, EvaluationKeys? keys, CkksEvaluatorOptions options, RotationPlanner? planner)
    {
        parameters.EnsureCkks();
        if (keys is not null)
        {
            ParameterGuard.Same(parameters, keys.Parameters, "evaluation keys");
        }

        _parameters = parameters;
        Keys = keys;
        Options = options;
        _planner = planner;
        _keySwitch = new KeySwitchOperations(parameters);
        _t = parameters.RingQ.NewPoly();
        _row = new ulong[parameters.N];
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters => _parameters;

    /// <summary>The evaluation keys, if any.</summary>
    public EvaluationKeys? Keys { get; }

    /// <summary>How operands of different levels and scales are treated.</summary>
    public CkksEvaluatorOptions Options { get; }

    /// <summary>Returns an evaluator with the same parameters, keys and options and its own scratch: one per thread.</summary>
    public CkksEvaluator ShallowCopy() => new(_parameters, Keys, Options, _planner);

    /// <summary>Returns an evaluator like this one with other options.</summary>
    public CkksEvaluator WithOptions(CkksEvaluatorOptions options) => new(_parameters, Keys, Guard.NotNull(options), _planner);

    private RnsBasis RingQ => _parameters.RingQ;

    private Ciphertext Temporary => _temporary ??= new Ciphertext(_parameters);

    private void Check(Ciphertext ciphertext, string name)
    {
        ArgumentNullException.ThrowIfNull(ciphertext, name);
        ParameterGuard.Same(_parameters, ciphertext.Parameters, name);
    }

    private void Check(Plaintext plaintext, string name)
    {
        ArgumentNullException.ThrowIfNull(plaintext, name);
        ParameterGuard.Same(_parameters, plaintext.Parameters, name);
    }

    /// <summary>The level two operands are combined at, per <see cref="CkksEvaluatorOptions.AlignLevels"/>.</summary>
    private int CommonLevel(int a, int b, string operation)
    {
        if (a == b || Options.AlignLevels)
        {
            return Math.Min(a, b);
        }

        throw new OperandMismatchException(
            $"{operation}: the operands are at levels {a} and {b}. Drop the higher one with DropLevel, or set AlignLevels in the evaluator options.");
    }

    private bool ScalesMatch(double a, double b) => Math.Abs(a - b) <= Options.ScaleTolerance * Math.Max(a, b);

    private void CheckScales(double a, double b, string operation)
    {
        if (!ScalesMatch(a, b))
        {
            throw new OperandMismatchException(
                $"{operation}: the operands have scales 2^{Math.Log2(a):F4} and 2^{Math.Log2(b):F4}. Encode at the ciphertext's scale, " +
                "align with SetScale or MultiplyByInteger, or set AlignScales in the evaluator options.");
        }
    }

    /// <summary>Throws unless a result of <paramref name="scale"/> fits the modulus at <paramref name="level"/>.</summary>
    private void CheckScaleFits(double scale, int level, string operation)
    {
        double logQ = _parameters.LogModulusAtLevel(level);
        if (!double.IsFinite(scale) || Math.Log2(scale) + 1 >= logQ)
        {
            throw new ScaleOverflowException(
                $"{operation}: the result's scale 2^{Math.Log2(scale):F1} does not fit the modulus 2^{logQ:F1} at level {level}. " +
                "Rescale the operands first, or use parameters with more or larger primes.");
        }
    }
}
