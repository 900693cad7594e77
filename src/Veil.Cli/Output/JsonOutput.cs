using System.Text.Json;
using System.Text.Json.Nodes;

namespace Veil.Cli.Output;

/// <summary>Writes JSON results: indented, one document per command, on the result writer.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="document"/> and a newline.</summary>
    public static void Write(TextWriter writer, JsonNode document)
    {
        writer.WriteLine(document.ToJsonString(Indented));
        writer.Flush();
    }
}
