using System.CommandLine;

namespace Veil.Cli.Commands;

/// <summary>Options that several commands share, defined once so their names and help read the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary><c>--json</c>: print one machine-readable JSON document on standard output.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on standard output instead of a table." };
}
