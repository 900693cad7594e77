using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// Starts every endpoint of a parties file as its own <c>veil mpc party</c> process on this machine and collects
/// their reports: what <c>veil mpc run</c> and <c>veil mpc selftest</c> do, and what model evaluation under MPC
/// builds on.
/// </summary>
internal static class PartyProcesses
{
    /// <summary>The start information of a child <c>veil</c> process with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo Veil(IEnumerable<string> arguments)
    {
        string? self = Environment.ProcessPath;
        string assembly = typeof(VeilApp).Assembly.Location;
        ProcessStartInfo start;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("veil", StringComparison.OrdinalIgnoreCase))
        {
            start = new ProcessStartInfo(self);
        }
        else
        {
            // Under 'dotnet veil.dll' or a test host: run the veil assembly with the same dotnet.
            string host = self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? self
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start = new ProcessStartInfo(host);
            start.ArgumentList.Add(assembly);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // MPC allocates large transient arrays every round; a 256 MB gen0 budget and a 32 MB large-object threshold
        // keep them in reused gen0 memory instead of fresh large-object pages (2-4x less time in page faults here).
        Default(start, "DOTNET_GCgen0size", "0x10000000");
        Default(start, "DOTNET_GCLOHThreshold", "0x2000000");

        // Party processes run a few hot loops many times from their first inference on: compile them fully optimized
        // at once instead of starting at tier 0. Measured here: securenn-b at batch 1 online 45-63 ms against
        // 102-146 ms with tiering, for about 0.6 s more start-up per process.
        Default(start, "DOTNET_TieredCompilation", "0");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    /// <summary>
    /// Runs every endpoint of <paramref name="configFile"/> as a process and waits for all of them, at most
    /// <paramref name="limit"/> (then kills the rest).
    /// </summary>
    /// <param name="configFile">The parties file.</param>
    /// <param name="config">Its contents.</param>
    /// <param name="limit">How long the session may take.</param>
    /// <param name="errorLine">Called with each line an endpoint writes to standard error (on a reader thread), or null.</param>
    public static IReadOnlyList<EndpointProcess> RunAll(string configFile, SessionConfig config, TimeSpan limit, Action<int, string>? errorLine = null)
    {
        var runs = new List<EndpointProcess>();
        try
        {
            Start(configFile, config, Enumerable.Range(0, config.EndpointCount), runs, errorLine);

            var deadline = DateTime.UtcNow + limit;
            foreach (var run in runs)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (!run.Process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                {
                    throw new TimeoutException($"{run.Name} did not finish within {limit.TotalSeconds:0} s.");
                }
            }

            foreach (var run in runs)
            {
                run.Process.WaitForExit();
            }

            runs.Sort((a, b) => a.Id.CompareTo(b.Id));
            return runs;
        }
        finally
        {
            foreach (var run in runs.Where(r => !r.Process.HasExited))
            {
                run.Process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Starts the processes of <paramref name="endpoints"/> (the dealer first: the parties connect to it as soon
    /// as they start), adding each to <paramref name="started"/> as it starts, so a caller can kill them if a later one
    /// fails to start.</summary>
    /// <exception cref="IOException">A process could not be started.</exception>
    public static void Start(string configFile, SessionConfig config, IEnumerable<int> endpoints, List<EndpointProcess> started, Action<int, string>? errorLine = null)
    {
        foreach (int id in endpoints.OrderByDescending(id => id))
        {
            string name = config.Endpoints[id].Name;
            var process = Process.Start(Veil(["mpc", "party", "--config", configFile, "--id", config.HasDealer && id == config.DealerId ? "dealer" : id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"]))
                ?? throw new IOException($"Could not start the process of {name}.");
            started.Add(new EndpointProcess(id, name, process, errorLine));
        }
    }

    /// <summary>The JSON summary of a finished session: each endpoint's exit code and report, or its error line.</summary>
    public static JsonObject Summarize(IReadOnlyList<EndpointProcess> runs, TimeSpan elapsed)
    {
        var endpoints = new JsonArray();
        foreach (var run in runs)
        {
            var entry = new JsonObject { ["id"] = run.Id, ["name"] = run.Name, ["exit_code"] = run.Process.ExitCode };
            if (run.Report is { } report)
            {
                entry["report"] = report;
            }
            else
            {
                entry["error"] = run.ErrorLine;
            }

            endpoints.Add(entry);
        }

        return new JsonObject { ["ok"] = runs.All(r => r.Process.ExitCode == 0), ["seconds"] = elapsed.TotalSeconds, ["endpoints"] = endpoints };
    }

    /// <summary>Sets a runtime setting of the child unless this process's environment chose one already.</summary>
    private static void Default(ProcessStartInfo start, string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            start.Environment[name] = value;
        }
    }
}

/// <summary>A child process running one endpoint, with its output read in the background.</summary>
internal sealed class EndpointProcess
{
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    public EndpointProcess(int id, string name, Process process, Action<int, string>? errorLine = null)
    {
        Id = id;
        Name = name;
        Process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = errorLine is null ? process.StandardError.ReadToEndAsync() : ReadLinesAsync(process.StandardError, line => errorLine(id, line));
    }

    public int Id { get; }

    public string Name { get; }

    public Process Process { get; }

    /// <summary>The endpoint's JSON report, or null if it failed.</summary>
    public JsonObject? Report
    {
        get
        {
            try
            {
                return Process.ExitCode == 0 ? JsonNode.Parse(_output.Result) as JsonObject : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine)
    {
        var all = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            all.AppendLine(line);
            onLine(line);
        }

        return all.ToString();
    }

    /// <summary>The last "veil: ..." line the endpoint wrote to standard error.</summary>
    public string ErrorLine =>
        LastVeilLine(_error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) ?? $"exit code {Process.ExitCode}";

    /// <summary>The last of <paramref name="lines"/> that is a "veil: ..." error line, or null.</summary>
    public static string? LastVeilLine(IEnumerable<string> lines) => lines.LastOrDefault(l => l.StartsWith("veil:", StringComparison.Ordinal));
}
