namespace Veil.Cli;

/// <summary>The process exit codes of <c>veil</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Something went wrong inside Veil (a bug): reported with the error type; set VEIL_DEBUG=1 for the stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>The user's input was wrong: bad arguments, a missing or corrupt file, mismatched parameters, a failed peer.</summary>
    public const int UserError = 2;
}
