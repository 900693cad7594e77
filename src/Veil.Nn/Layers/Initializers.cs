namespace Veil.Nn.Layers;

/// <summary>Weight initialisation from a seeded <see cref="System.Random"/> (reproducible training, never for secrets).</summary>
internal static class Initializers
{
    /// <summary>Weights and bias uniform in ±1/√fanIn (PyTorch's default for fully connected and convolutional layers).</summary>
    public static void FanInUniform(Parameter weight, Parameter? bias, int fanIn, System.Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        float bound = 1f / MathF.Sqrt(fanIn);
        Uniform(weight.Value.Span, bound, random);
        if (bias is not null)
        {
            Uniform(bias.Value.Span, bound, random);
        }
    }

    /// <summary>Fills <paramref name="values"/> uniformly in [−bound, bound).</summary>
    public static void Uniform(Span<float> values, float bound, System.Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }
}
