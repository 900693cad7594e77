namespace Veil.Mpc;

/// <summary>
/// A TLS peer presented no certificate, a certificate the parties file does not pin for it, or refused ours.
/// </summary>
/// <remarks>Thread-safety: immutable once thrown.</remarks>
public class MpcAuthenticationException : MpcProtocolException
{
    /// <summary>Creates the exception with a message.</summary>
    public MpcAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public MpcAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
