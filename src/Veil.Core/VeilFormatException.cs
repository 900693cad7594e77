namespace Veil;

/// <summary>
/// Serialized data is truncated, corrupt, of another kind, or written by a newer version of Veil.
/// </summary>
public class VeilFormatException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public VeilFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public VeilFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
