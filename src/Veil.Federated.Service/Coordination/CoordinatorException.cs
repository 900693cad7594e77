namespace Veil.Federated.Service.Coordination;

/// <summary>Why the coordinator refused a request: an update for another round, from a client not selected, a second
/// update, a wrong length, non-finite values, or a state file of another federation. Nothing refused is counted.</summary>
public sealed class CoordinatorException : VeilException
{
    /// <summary>Creates the exception.</summary>
    public CoordinatorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CoordinatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CoordinatorException()
        : base("The coordinator refused the request.")
    {
    }
}
