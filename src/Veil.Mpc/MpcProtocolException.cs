namespace Veil.Mpc;

/// <summary>
/// A multi-party computation cannot go on: a peer sent data of the wrong size or kind, preprocessing arrived out of
/// order, or the parties disagree on the session. Every party that sees it aborts the session.
/// </summary>
/// <remarks>Thread-safety: immutable once thrown.</remarks>
public class MpcProtocolException : VeilException
{
    /// <summary>Creates the exception with a message.</summary>
    public MpcProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public MpcProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
