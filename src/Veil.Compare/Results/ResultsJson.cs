using System.Text.Json;
using System.Text.Json.Serialization;

namespace Veil.Compare.Results;

/// <summary>
/// Reads and writes <see cref="ComparisonResults"/> as <c>results.json</c>: indented JSON with snake_case names, enums
/// as lower-case strings, absent figures as <c>null</c>.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The results as a JSON document.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    public static string Serialize(ComparisonResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return JsonSerializer.Serialize(results, Options);
    }

    /// <summary>Writes the results to <paramref name="path"/>, replacing the file.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(ComparisonResults results, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, Serialize(results) + Environment.NewLine);
    }

    /// <summary>Parses a <c>results.json</c> document.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Names the document in error messages (a file name).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="VeilFormatException">The text is not JSON, not a comparison's results, or of a newer format.</exception>
    public static ComparisonResults Deserialize(string json, string source = "results")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ComparisonResults? results;
        try
        {
            using (JsonDocument document = JsonDocument.Parse(json))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new VeilFormatException($"{source}: not the results of 'veil compare' (the document is not a JSON object)");
                }

                if (document.RootElement.TryGetProperty("format_version", out JsonElement version) &&
                    version.TryGetInt32(out int number) && number > ComparisonResults.CurrentFormatVersion)
                {
                    throw new VeilFormatException(
                        $"{source}: written in results format {number}, but this Veil reads format {ComparisonResults.CurrentFormatVersion}; use a newer Veil");
                }
            }

            results = JsonSerializer.Deserialize<ComparisonResults>(json, Options);
        }
        catch (JsonException e)
        {
            throw new VeilFormatException($"{source}: not valid results JSON ({e.Message})", e);
        }

        if (results is null || results.Command is null || results.Machine is null || results.Rows is null)
        {
            throw new VeilFormatException($"{source}: not the results of 'veil compare' (command, machine or rows missing)");
        }

        foreach (ComparisonRow row in results.Rows)
        {
            if (row is null || string.IsNullOrEmpty(row.Model) || string.IsNullOrEmpty(row.Backend))
            {
                throw new VeilFormatException($"{source}: a row lacks its model or backend");
            }
        }

        return results;
    }

    /// <summary>Reads a <c>results.json</c> file.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="VeilFormatException">The file is not a comparison's results, or of a newer format.</exception>
    public static ComparisonResults ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Deserialize(File.ReadAllText(path), Path.GetFileName(path));
    }
}
