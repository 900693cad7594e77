using Veil.Nn;

namespace Veil.Federated.Training;

/// <summary>
/// A model's parameters as one flat vector, in the order of <see cref="Sequential.Parameters"/>: what clients send and
/// the server averages.
/// </summary>
/// <remarks>Thread-safety: stateless; concurrent calls on different models are safe.</remarks>
public static class ModelVector
{
    /// <summary>The number of parameters of <paramref name="model"/>.</summary>
    public static int Length(Sequential model) => checked((int)Guard.NotNull(model).ParameterCount);

    /// <summary>Copies the model's parameters into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The destination's length differs from the parameter count.</exception>
    public static void Read(Sequential model, Span<float> destination)
    {
        Guard.LengthEquals(destination.Length, Length(model), nameof(destination));
        int offset = 0;
        foreach (Parameter p in model.Parameters)
        {
            Span<float> values = p.Value.Span;
            values.CopyTo(destination[offset..]);
            offset += values.Length;
        }
    }

    /// <summary>Returns the model's parameters as a new vector.</summary>
    public static float[] ReadNew(Sequential model)
    {
        var vector = new float[Length(model)];
        Read(model, vector);
        return vector;
    }

    /// <summary>Sets the model's parameters from <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">The source's length differs from the parameter count.</exception>
    public static void Write(ReadOnlySpan<float> source, Sequential model)
    {
        Guard.LengthEquals(source.Length, Length(model), nameof(source));
        int offset = 0;
        foreach (Parameter p in model.Parameters)
        {
            Span<float> values = p.Value.Span;
            source.Slice(offset, values.Length).CopyTo(values);
            offset += values.Length;
        }
    }
}
