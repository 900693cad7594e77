using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Veil.Compare.Results;

namespace Veil.Compare.Machine;

/// <summary>Describes the machine a comparison runs on: processor, cores, memory, OS, runtime, Veil's version and
/// commit, and the load average.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class MachineProbe
{
    /// <summary>The commit when the build did not record one.</summary>
    public const string UnknownCommit = "unknown";

    /// <summary>Describes this machine now.</summary>
    /// <param name="veil">The assembly whose informational version (<c>x.y.z+commit</c>, the commit recorded at build
    /// by the SDK's source-control information) names the Veil build.</param>
    /// <exception cref="ArgumentNullException"><paramref name="veil"/> is null.</exception>
    public static MachineInfo Probe(Assembly veil)
    {
        ArgumentNullException.ThrowIfNull(veil);
        (string version, string commit) = SplitVersion(veil.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        return new MachineInfo(
            Cpu(),
            Environment.ProcessorCount,
            Memory(),
            RuntimeInformation.OSDescription,
            Environment.Version.ToString(),
            version,
            commit,
            LoadAverage());
    }

    /// <summary>Splits <c>x.y.z+commit</c> into the version and the commit (<see cref="UnknownCommit"/> when absent).</summary>
    public static (string Version, string Commit) SplitVersion(string? informational)
    {
        if (string.IsNullOrWhiteSpace(informational))
        {
            return ("unknown", UnknownCommit);
        }

        int plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 || plus == informational.Length - 1
            ? (informational, UnknownCommit)
            : (informational[..plus], informational[(plus + 1)..]);
    }

    private static string Cpu()
    {
        string? model = FirstValue("/proc/cpuinfo", "model name");
        return string.IsNullOrWhiteSpace(model) ? $"{RuntimeInformation.ProcessArchitecture} processor" : model;
    }

    private static long Memory()
    {
        // /proc/meminfo gives the physical memory; the GC's figure may be a container limit, and is the fallback.
        string? total = FirstValue("/proc/meminfo", "MemTotal");
        if (total is not null && total.EndsWith(" kB", StringComparison.Ordinal) &&
            long.TryParse(total[..^3], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kilobytes))
        {
            return kilobytes * 1024;
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            string first = text.Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value after the first <c>key : value</c> line of a /proc file, or null.</summary>
    private static string? FirstValue(string path, string key)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == key)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
