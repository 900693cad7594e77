namespace Veil;

/// <summary>
/// Two objects that must share parameters (a key and a ciphertext, two ciphertexts, a share and a context) do not.
/// </summary>
public class ParameterMismatchException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public ParameterMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ParameterMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
