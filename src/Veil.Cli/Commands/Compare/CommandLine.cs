using System.CommandLine;

namespace Veil.Cli.Commands.Compare;

/// <summary>The command line that reproduces a run: the command and the options given, in a fixed order.</summary>
internal static class CommandLine
{
    /// <summary><paramref name="command"/> followed by each of <paramref name="options"/> the user gave, with its value (lists without spaces).</summary>
    public static string Of(string command, ParseResult parse, params Option[] options)
    {
        var parts = new List<string> { command };
        foreach (Option option in options)
        {
            if (parse.GetResult(option) is not { Implicit: false } result)
            {
                continue;
            }

            string text = string.Join(',', result.Tokens
                .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            parts.Add(option.Name);
            parts.Add(Quote(text));
        }

        return string.Join(' ', parts);
    }

    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || "-_.,/:+=".Contains(c, StringComparison.Ordinal)) ? text : $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
