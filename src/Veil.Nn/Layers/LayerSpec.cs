namespace Veil.Nn.Layers;

/// <summary>A layer's kind and named numeric hyperparameters, as written in a model file.</summary>
internal sealed class LayerSpec
{
    private readonly List<KeyValuePair<string, double[]>> _values = [];

    public LayerSpec(string kind)
    {
        Kind = kind;
    }

    public string Kind { get; }

    public IReadOnlyList<KeyValuePair<string, double[]>> Values => _values;

    public LayerSpec With(string key, params double[] values)
    {
        _values.Add(new(key, values));
        return this;
    }

    /// <summary>The values of <paramref name="key"/>.</summary>
    /// <exception cref="VeilFormatException">The key is missing.</exception>
    public double[] Get(string key, string source)
    {
        foreach (var pair in _values)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        throw new VeilFormatException($"{source}: corrupt model: a '{Kind}' layer lacks its '{key}' hyperparameter.");
    }

    /// <summary>The single integer value of <paramref name="key"/>, checked to lie in [min, max].</summary>
    /// <exception cref="VeilFormatException">The key is missing or its value is not such an integer.</exception>
    public int GetInt(string key, int min, int max, string source)
    {
        double[] values = Get(key, source);
        if (values.Length != 1 || values[0] != Math.Floor(values[0]) || values[0] < min || values[0] > max)
        {
            throw new VeilFormatException($"{source}: corrupt model: '{Kind}' hyperparameter '{key}' must be one integer in [{min}, {max}].");
        }

        return (int)values[0];
    }
}
