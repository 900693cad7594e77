namespace Veil.Privacy;

/// <summary>
/// A privacy parameter is out of its domain: a sample rate outside (0, 1], a negative noise multiplier, a delta of 1 or
/// more, a non-positive epsilon or sensitivity. These values usually come from a user, so they are input errors
/// (the command-line tool prints the message as one line and exits with code 2), not programming errors.
/// </summary>
public sealed class PrivacyParameterException : VeilException
{
    /// <summary>Creates the exception with a message that names the parameter and its allowed range.</summary>
    public PrivacyParameterException(string message)
        : base(message)
    {
    }
}
