using Spectre.Console;

namespace Veil.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/> (JSON or a table), progress and errors to <see cref="Error"/>.
/// Passed explicitly to every command, so tests run the whole CLI in-process against string writers.
/// </summary>
/// <remarks>Thread-safety: the writers are used from the command's thread only.</remarks>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Terminal = CreateConsole(output, interactive);
        StatusTerminal = CreateConsole(error, interactive);
    }

    /// <summary>Results: JSON documents and tables.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>True when attached to a terminal, so progress bars may animate.</summary>
    public bool Interactive { get; }

    /// <summary>Human-readable output (tables) on <see cref="Out"/>.</summary>
    public IAnsiConsole Terminal { get; }

    /// <summary>Progress display on <see cref="Error"/>, so it never mixes with JSON on standard output.</summary>
    public IAnsiConsole StatusTerminal { get; }

    /// <summary>The context of a real process: standard output and standard error.</summary>
    public static CliContext ForProcess() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected && !Console.IsOutputRedirected);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
}
