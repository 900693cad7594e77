namespace Veil.Federated.SecureAggregation;

/// <summary>
/// A secure-aggregation message was refused: malformed, from an unknown or unexpected party, replayed, failing
/// authentication, or arriving at the wrong step; or too few parties remain to finish. A refused message is never
/// counted in the sum.
/// </summary>
public sealed class SecAggException : VeilException
{
    /// <summary>Creates the exception.</summary>
    public SecAggException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SecAggException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SecAggException()
        : base("A secure-aggregation message was refused.")
    {
    }
}
