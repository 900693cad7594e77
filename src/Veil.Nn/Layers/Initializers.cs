namespace Veil.Nn.Layers;

/// <summary>Weight initialisation from a seeded <see cref="System.Random"/> (reproducible training, never for secrets).</summary>
internal static class Initializers
{
    /// <summary>Fills <paramref name="values"/> uniformly in [−bound, bound).</summary>
    public static void Uniform(Span<float> values, float bound, System.Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2 * random.NextDouble()) - 1) * bound);
        }
    }
}
