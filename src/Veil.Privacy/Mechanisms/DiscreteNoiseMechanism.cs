namespace Veil.Privacy.Mechanisms;

/// <summary>
/// A noise mechanism that resists floating-point attacks (Mironov 2012): the input is rounded to a grid of spacing
/// <see cref="Granularity"/> (a power of two), integer noise drawn exactly is added on the grid, and the result is
/// scaled back exactly. Every released value is a grid point whose distribution is exactly the one the privacy
/// analysis assumes; no floating-point rounding of a continuous sample ever happens, so the low-order bits reveal
/// nothing.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (the sampler holds the random source).</remarks>
public abstract class DiscreteNoiseMechanism
{
    /// <summary>Sets the grid and the number of coordinates a release covers.</summary>
    private protected DiscreteNoiseMechanism(double granularity, int dimension)
    {
        Granularity = granularity;
        Dimension = dimension;
    }

    /// <summary>The grid spacing: a power of two.</summary>
    public double Granularity { get; }

    /// <summary>The number of coordinates of one release (the sensitivity is for vectors of this length).</summary>
    public int Dimension { get; }

    /// <summary>Releases one value (a mechanism of dimension 1).</summary>
    /// <exception cref="InvalidOperationException">The mechanism is for vectors of more than one coordinate.</exception>
    /// <exception cref="PrivacyParameterException">The value is not finite or too large for the granularity.</exception>
    public double Release(double value)
    {
        if (Dimension != 1)
        {
            throw new InvalidOperationException($"This mechanism releases vectors of {Dimension} coordinates; use the span overload.");
        }

        return GridQuantizer.FromGrid(checked(GridQuantizer.ToGrid(value, Granularity) + SampleNoise()), Granularity);
    }

    /// <summary>Releases a vector: destination[i] = round(values[i]) + noise_i on the grid.</summary>
    /// <exception cref="ArgumentException">A span's length differs from <see cref="Dimension"/>.</exception>
    /// <exception cref="PrivacyParameterException">A value is not finite or too large for the granularity.</exception>
    public void Release(ReadOnlySpan<double> values, Span<double> destination)
    {
        Guard.LengthEquals(values.Length, Dimension, nameof(values));
        Guard.LengthEquals(destination.Length, Dimension, nameof(destination));
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = GridQuantizer.FromGrid(checked(GridQuantizer.ToGrid(values[i], Granularity) + SampleNoise()), Granularity);
        }
    }

    /// <summary>Releases a vector into a new array.</summary>
    /// <exception cref="ArgumentException">The length differs from <see cref="Dimension"/>.</exception>
    /// <exception cref="PrivacyParameterException">A value is not finite or too large for the granularity.</exception>
    public double[] ReleaseNew(ReadOnlySpan<double> values)
    {
        var destination = new double[values.Length];
        Release(values, destination);
        return destination;
    }

    /// <summary>One integer noise sample, in grid units.</summary>
    private protected abstract long SampleNoise();
}
