namespace Veil.Mpc.Nn.Training;

/// <summary>
/// A public step size η (the learning rate divided by the batch size) as <c>c / 2^s</c> with an integer numerator c
/// of <see cref="NumeratorBits"/> bits: multiplying a shared gradient by c is local, and reading the product with s
/// more fractional bits divides it by 2^s, so the whole step costs the one truncation that brings the gradient back
/// to the format. The relative error of the encoding is below 2^-10; the plaintext twin uses <see cref="Value"/>, the
/// encoded rate, so both follow the same recipe exactly.
/// </summary>
/// <remarks>Thread-safety: immutable.</remarks>
public readonly record struct LearningRateScale
{
    /// <summary>The bits of the numerator: c lies in [2^(NumeratorBits − 1), 2^NumeratorBits).</summary>
    public const int NumeratorBits = 10;

    private LearningRateScale(long numerator, int shift)
    {
        Numerator = numerator;
        Shift = shift;
    }

    /// <summary>The integer c.</summary>
    public long Numerator { get; }

    /// <summary>The power of two s.</summary>
    public int Shift { get; }

    /// <summary>The encoded step size c / 2^s.</summary>
    public double Value => Numerator / Math.Pow(2, Shift);

    /// <summary>Encodes <paramref name="stepSize"/> as the nearest c / 2^s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step size is not in (2^-40, 1].</exception>
    public static LearningRateScale For(double stepSize)
    {
        if (!(stepSize > Math.Pow(2, -40) && stepSize <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size (learning rate / batch) must lie in (2^-40, 1].");
        }

        int shift = 0;
        double low = 1L << (NumeratorBits - 1);
        while (stepSize * Math.Pow(2, shift) < low)
        {
            shift++;
        }

        long numerator = (long)Math.Round(stepSize * Math.Pow(2, shift));
        if (numerator == 1L << NumeratorBits)
        {
            numerator >>= 1;
            shift--;
        }

        return new LearningRateScale(numerator, shift);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/2^{Shift} = {Value:G6}";
}
