namespace Veil;

/// <summary>
/// Finds the data and model files that ship with Veil (the repository's <c>data/</c> and <c>models/</c> folders).
/// It looks, in order: under the folder named by the <c>VEIL_HOME</c> environment variable; beside the running
/// program; then in each parent of the program's folder and of the working directory.
/// </summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class AssetLocator
{
    /// <summary>The environment variable that points at a folder holding <c>data/</c> and <c>models/</c>.</summary>
    public const string HomeVariable = "VEIL_HOME";

    /// <summary>Returns the full path of the first existing directory <paramref name="relativePath"/> under a
    /// candidate root, or null when none has it.</summary>
    public static string? FindDirectory(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        foreach (string root in CandidateRoots())
        {
            string candidate = Path.Combine(root, relativePath);
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>Returns the full path of <paramref name="relativePath"/> under the first candidate root that has it.</summary>
    /// <exception cref="DirectoryNotFoundException">No candidate root has it.</exception>
    public static string RequireDirectory(string relativePath) =>
        FindDirectory(relativePath) ?? throw new DirectoryNotFoundException(
            $"Cannot find Veil's '{relativePath}' folder; run from a clone of the repository or set {HomeVariable} to it.");

    private static IEnumerable<string> CandidateRoots()
    {
        string? home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            yield return home;
        }

        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
            {
                yield return directory.FullName;
            }
        }
    }
}
