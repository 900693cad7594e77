using Veil.He.Rlwe;

namespace Veil.He.Bfv;

public sealed partial class BfvEvaluator
{
    private readonly KeySwitchOperations _keySwitch;
    private BfvTensor? _tensor;

    private BfvTensor Tensor => _tensor ??= new BfvTensor(_parameters);

    /// <summary>destination = a · b, slot by slot, as a degree-2 ciphertext (relinearize it before rotating or multiplying
    /// again). Spends about log2(t) + log2(N) + a few bits of noise budget.</summary>
    /// <exception cref="ArgumentException">An operand has degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Multiply(Ciphertext a, Ciphertext b, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        Check(destination, nameof(destination));
        Guard.IsTrue(a.Degree == 1 && b.Degree == 1, nameof(a), "the operands of a product must have degree 1 (relinearize first)");
        Tensor.Multiply(a, b, destination);
    }

    /// <summary>Returns a · b (degree 2).</summary>
    /// <exception cref="ArgumentException">An operand has degree 2, or is not at the top level.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public Ciphertext MultiplyNew(Ciphertext a, Ciphertext b) => New(d => Multiply(a, b, d));

    /// <summary>destination = a², slot by slot (degree 2; cheaper than <see cref="Multiply"/>).</summary>
    /// <exception cref="ArgumentException">a has degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Square(Ciphertext a, Ciphertext destination) => Multiply(a, a, destination);

    /// <summary>Returns a² (degree 2).</summary>
    /// <exception cref="ArgumentException">a has degree 2, or is not at the top level.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext SquareNew(Ciphertext a) => New(d => Square(a, d));

    /// <summary>destination = a (degree 2) brought back to degree 1 with the relinearization key.</summary>
    /// <exception cref="ArgumentException">a is not of degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void Relinearize(Ciphertext a, Ciphertext destination)
    {
        Check(a, nameof(a));
        Check(destination, nameof(destination));
        Guard.IsTrue(a.Degree == 2, nameof(a), "must have degree 2 to be relinearized");
        _keySwitch.Relinearize(a, destination, RelinearizationKeyOrThrow());
    }

    /// <summary>Returns a relinearized.</summary>
    /// <exception cref="ArgumentException">a is not of degree 2, or not at the top level.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">The argument belongs to other parameters.</exception>
    public Ciphertext RelinearizeNew(Ciphertext a) => New(d => Relinearize(a, d));

    /// <summary>destination = a · b, relinearized (degree 1).</summary>
    /// <exception cref="ArgumentException">An operand has degree 2, or a ciphertext is not at the top level.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public void MultiplyRelinearize(Ciphertext a, Ciphertext b, Ciphertext destination)
    {
        RelinearizationKey key = RelinearizationKeyOrThrow();
        Multiply(a, b, destination);
        _keySwitch.Relinearize(destination, destination, key);
    }

    /// <summary>Returns a · b, relinearized.</summary>
    /// <exception cref="ArgumentException">An operand has degree 2, or is not at the top level.</exception>
    /// <exception cref="MissingKeyException">The evaluator has no relinearization key.</exception>
    /// <exception cref="ParameterMismatchException">An argument belongs to other parameters.</exception>
    public Ciphertext MultiplyRelinearizeNew(Ciphertext a, Ciphertext b) => New(d => MultiplyRelinearize(a, b, d));

    private RelinearizationKey RelinearizationKeyOrThrow() =>
        Keys?.Relinearization ?? throw new MissingKeyException(
            "This evaluator has no relinearization key: create it with EvaluationKeys that include one (KeyGenerator.GenEvaluationKeysNew).");
}
