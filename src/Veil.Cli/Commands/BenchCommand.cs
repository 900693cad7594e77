using System.CommandLine;

namespace Veil.Cli.Commands;

/// <summary>The <c>bench</c> group, which several areas add subcommands to (<c>bench nn</c>, <c>bench dp</c>, ...).</summary>
internal static class BenchCommand
{
    /// <summary>The root's <c>bench</c> command, added on first use.</summary>
    public static Command Of(RootCommand root)
    {
        Command? bench = root.Subcommands.FirstOrDefault(c => c.Name == "bench");
        if (bench is null)
        {
            bench = new Command("bench", "Measure Veil's engines (see each subcommand).");
            root.Subcommands.Add(bench);
        }

        return bench;
    }
}
