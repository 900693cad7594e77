namespace Veil;

/// <summary>
/// Base type of the errors Veil reports for problems in its input: data, files, parameters, peers.
/// The command-line tool prints such an error as one line and exits with code 2.
/// Programming errors (a null argument, a span of the wrong length) stay <see cref="ArgumentException"/>s.
/// </summary>
public class VeilException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public VeilException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public VeilException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
