namespace Veil.Cli;

/// <summary>A mistake in how the command was called (a missing file, an unknown model, a bad value):
/// reported as one line on standard error with exit code 2.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
