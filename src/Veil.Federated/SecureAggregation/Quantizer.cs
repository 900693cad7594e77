namespace Veil.Federated.SecureAggregation;

/// <summary>
/// Fixed-point quantization of model updates into the ring Z_(2^32) in which secure aggregation sums: a value x,
/// first clamped to [−<see cref="Range"/>, <see cref="Range"/>], becomes round(x·2^f) as a two's-complement 32-bit word.
/// The sum of up to <see cref="MaxSummands"/> such words reads back exactly as a signed integer, so the only error of
/// the secure sum against the plain sum of clamped values is rounding: at most 2^-(f+1) per value and summand
/// (<see cref="MaxErrorPerValue"/>).
/// </summary>
/// <remarks>Thread-safety: immutable, safe for concurrent use.</remarks>
public sealed class Quantizer
{
    /// <summary>Creates the quantizer with the most fractional bits that let <paramref name="maxSummands"/> values of
    /// magnitude <paramref name="range"/> sum without wrapping.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not positive, or no fractional bit fits.</exception>
    public Quantizer(double range, int maxSummands)
    {
        Guard.IsTrue(range > 0 && double.IsFinite(range), nameof(range), "must be positive");
        Guard.InRange(maxSummands, 1, 1 << 20);
        Range = range;
        MaxSummands = maxSummands;

        // n·range·2^f < 2^31 − n (room for rounding) ⇒ f = ⌊31 − log2(n·range) − margin⌋.
        int bits = (int)Math.Floor(31 - Math.Log2(maxSummands * range) - 0.01);
        Guard.IsTrue(bits >= 1, nameof(range), $"leaves no fractional bits for {maxSummands} summands");
        FractionBits = Math.Min(bits, 30);
        Scale = Math.ScaleB(1.0, FractionBits);
    }

    /// <summary>The clamp bound of a value.</summary>
    public double Range { get; }

    /// <summary>How many quantized vectors may be summed.</summary>
    public int MaxSummands { get; }

    /// <summary>The fractional bits f.</summary>
    public int FractionBits { get; }

    /// <summary>2^f.</summary>
    public double Scale { get; }

    /// <summary>The largest rounding error of one value: 2^-(f+1).</summary>
    public double MaxErrorPerValue => 0.5 / Scale;

    /// <summary>destination[i] = round(clamp(values[i])·2^f) as a ring element.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Quantize(ReadOnlySpan<float> values, Span<uint> destination)
    {
        Guard.LengthEquals(destination.Length, values.Length, nameof(destination));
        for (int i = 0; i < values.Length; i++)
        {
            double x = Math.Clamp(float.IsNaN(values[i]) ? 0 : values[i], -Range, Range);
            destination[i] = unchecked((uint)(int)Math.Round(x * Scale));
        }
    }

    /// <summary>destination[i] = the ring sum read as a signed integer, over 2^f.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Dequantize(ReadOnlySpan<uint> sum, Span<float> destination)
    {
        Guard.LengthEquals(destination.Length, sum.Length, nameof(destination));
        for (int i = 0; i < sum.Length; i++)
        {
            destination[i] = (float)(unchecked((int)sum[i]) / Scale);
        }
    }
}
