using System.Collections.Concurrent;
using System.Diagnostics;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// A child <c>veil mpc party --stdio</c> process (<see cref="StdioParty"/>) and the line conversation with it: its
/// standard output is read line by line in the background, its error lines are kept for the one-line message of a
/// failure.
/// </summary>
/// <remarks>Thread-safety: <see cref="ReadLine"/> and <see cref="WriteLine"/> are for one caller thread at a time.</remarks>
internal sealed class StdioEndpoint : IDisposable
{
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Task _output;
    private readonly Task _error;

    private StdioEndpoint(int id, string name, Process process, string directory)
    {
        Directory = directory;
        Id = id;
        Name = name;
        Process = process;
        _output = Task.Run(async () =>
        {
            try
            {
                while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    _lines.Add(line);
                }
            }
            finally
            {
                _lines.CompleteAdding();
            }
        });
        _error = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _errors.Enqueue(line);
            }
        });
    }

    /// <summary>The process's working directory: the only files it is given.</summary>
    public string Directory { get; }

    /// <summary>The endpoint id in the session.</summary>
    public int Id { get; }

    /// <summary>The endpoint's name (party0, party1, dealer).</summary>
    public string Name { get; }

    /// <summary>The process.</summary>
    public Process Process { get; }

    /// <summary>The last "veil: ..." line the process wrote to standard error, or its exit code.</summary>
    public string ErrorLine
    {
        get
        {
            _error.Wait(TimeSpan.FromSeconds(2));
            return EndpointProcess.LastVeilLine(_errors)?.Replace("veil: ", "", StringComparison.Ordinal)
                ?? (Process.HasExited ? $"exit code {Process.ExitCode}" : "no answer");
        }
    }

    /// <summary>Starts endpoint <paramref name="id"/> ("dealer" for the dealer) in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The process could not be started.</exception>
    public static StdioEndpoint Start(int id, string name, string argument, string directory)
    {
        var start = PartyProcesses.Veil(["mpc", "party", "--stdio", "--id", argument]);
        start.RedirectStandardInput = true;
        start.WorkingDirectory = directory;
        var process = Process.Start(start) ?? throw new IOException($"Could not start the process of {name}.");
        return new StdioEndpoint(id, name, process, directory);
    }

    /// <summary>The next line the process wrote, or null if it ended its output or wrote nothing within <paramref name="timeout"/>.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        try
        {
            return _lines.TryTake(out string? line, timeout) ? line : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes one line to the process; false if its input is already closed.</summary>
    public bool WriteLine(string line)
    {
        try
        {
            Process.StandardInput.WriteLine(line);
            Process.StandardInput.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Closes the process's input: it reads no more (for a serving data owner, the session ends).</summary>
    public void CloseInput()
    {
        try
        {
            Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process is gone already.
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit, then kills it.</summary>
    public void Stop(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout))
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        _output.ContinueWith(_ => _lines.Dispose(), TaskScheduler.Default);
    }
}
