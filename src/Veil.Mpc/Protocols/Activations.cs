namespace Veil.Mpc.Protocols;

/// <summary>Activation functions of shared tensors.</summary>
/// <remarks>Thread-safety: stateless; each call runs on the calling party's context thread.</remarks>
public static class Activations
{
    /// <summary>
    /// ReLU: max(x, 0) = [x &gt;= 0] * x, by <see cref="Comparison.NonNegative"/> (seven rounds) and
    /// <see cref="Selection.Multiply"/> (one round): eight rounds, exact (no truncation).
    /// </summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Relu(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        MpcContext context = x.Context;
        using var scope = context.Stats.Measure("relu");
        ulong[] positive = Comparison.NonNegativeShares(context, x.Shares);
        return x.With(Selection.MultiplyShares(context, positive, x.Count, [x.Buffer])[0], x.FractionalBits);
    }

    /// <summary>The square activation x^2, truncated back to the context's format (two rounds).</summary>
    /// <exception cref="PeerFailedException">A party or the dealer failed.</exception>
    public static SharedTensor Square(SharedTensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = x.Context.Stats.Measure("square-activation");
        return Beaver.Square(x).Rescale();
    }
}
