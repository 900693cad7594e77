using Veil.Mpc;

namespace Veil.Mpc.Nn.Steps;

/// <summary>ReLU at whatever scale x carries (the comparison is exact on the whole ring): eight rounds.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal sealed class ReluStep : SecureStep
{
    public override string Describe() => "relu";

    public override SharedTensor Apply(SharedTensor x) => x.Relu();
}

/// <summary>x²: truncate to the format if needed, then a square pair (one round); the result carries 2f bits.</summary>
/// <remarks>Thread-safety: stateless.</remarks>
internal sealed class SquareStep : SecureStep
{
    public override string Describe() => "square";

    public override SharedTensor Apply(SharedTensor x) => AtFormat(x).Square();
}

/// <summary>
/// c0 + c1 x + c2 x² with public coefficients: x² by a square pair (one round) truncated to f (one round), then the
/// coefficients are applied locally and the sum carries 2f bits until the next step truncates it. Only degrees up to 2.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
internal sealed class PolynomialStep : SecureStep
{
    /// <summary>The highest degree supported.</summary>
    public const int MaxDegree = 2;

    private readonly double[] _coefficients;

    public PolynomialStep(IReadOnlyList<double> coefficients)
    {
        Guard.IsTrue(coefficients.Count is > 0 and <= MaxDegree + 1, nameof(coefficients), $"must hold 1 to {MaxDegree + 1} values");
        _coefficients = [.. coefficients];
    }

    public override string Describe() => $"polynomial({string.Join(", ", _coefficients)})";

    public override SharedTensor Apply(SharedTensor x)
    {
        x = AtFormat(x);
        SharedTensor y = x.MultiplyPublic(_coefficients.Length > 1 ? _coefficients[1] : 0.0);
        if (_coefficients.Length > 2)
        {
            y = y.Add(x.Square().Rescale().MultiplyPublic(_coefficients[2]));
        }

        double[] constant = new double[y.Count];
        Array.Fill(constant, _coefficients[0]);
        return y.AddPublic(constant);
    }
}
