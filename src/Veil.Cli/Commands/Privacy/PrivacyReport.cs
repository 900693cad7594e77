using System.Globalization;
using System.Text.Json.Nodes;
using Veil.Cli.Output;

namespace Veil.Cli.Commands.Privacy;

/// <summary>Prints a result of <c>veil privacy</c>: the JSON document, or its fields as aligned "name  value" lines.</summary>
internal static class PrivacyReport
{
    public static void Write(CliContext context, JsonObject document, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context.Out, document);
            return;
        }

        int width = document.Max(pair => pair.Key.Length);
        foreach ((string key, JsonNode? value) in document)
        {
            string text = value is JsonValue number && number.TryGetValue(out double d)
                ? d.ToString("G6", CultureInfo.InvariantCulture).ToLowerInvariant()
                : value?.ToString() ?? string.Empty;
            context.Out.WriteLine($"{key.Replace('_', ' ').PadRight(width)}  {text}");
        }
    }
}
