using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Veil.Cli.Commands.Mpc;

namespace Veil.Cli.Tests;

/// <summary>A federation as separate processes: <c>veil fl server</c> and three <c>veil fl client</c> processes over
/// gRPC with mutually authenticated TLS.</summary>
public sealed class FlProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-fl-proc-").FullName;

    [Fact]
    public async Task AServerAndThreeClientProcessesTrainTheModelThroughSecureAggregation()
    {
        string keys = Path.Combine(_directory, "keys");
        Assert.Equal(0, CliRunner.Run("fl", "keys", "--clients", "3", "--out", keys).ExitCode);
        int port = FreePort();
        using Process server = Process.Start(PartyProcesses.Veil(
            ["fl", "server", "--keys", keys, "--state", Path.Combine(_directory, "state.db"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--model", "mlp", "--clients", "3", "--rounds", "1", "--secagg", "--json"]))!;
        Process[] clients = [.. Enumerable.Range(0, 3).Select(k => Process.Start(PartyProcesses.Veil(
            ["fl", "client", "--keys", keys, "--id", k.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", $"https://localhost:{port}",
             "--clients", "3", "--patience", "30", "--json"]))!)];
        try
        {
            foreach (Process client in clients)
            {
                Task<string> output = client.StandardOutput.ReadToEndAsync();
                Task<string> error = client.StandardError.ReadToEndAsync();
                Assert.True(client.WaitForExit(TimeSpan.FromMinutes(2)), "a client did not finish");
                Assert.True(client.ExitCode == 0, await error);
                using JsonDocument summary = JsonDocument.Parse(await output);
                Assert.Equal(1, summary.RootElement.GetProperty("rounds_trained").GetInt32());
            }

            Task<string> serverOutput = server.StandardOutput.ReadToEndAsync();
            Task<string> serverError = server.StandardError.ReadToEndAsync();
            Assert.True(server.WaitForExit(TimeSpan.FromMinutes(1)), "the server did not finish");
            Assert.True(server.ExitCode == 0, await serverError);
            using JsonDocument result = JsonDocument.Parse(await serverOutput);
            Assert.True(result.RootElement.GetProperty("test_accuracy").GetDouble() > 0.8);
            Assert.True(result.RootElement.GetProperty("secure_aggregation").GetBoolean());
        }
        finally
        {
            foreach (Process p in clients.Append(server).Where(p => !p.HasExited))
            {
                p.Kill(entireProcessTree: true);
            }

            foreach (Process client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("client", "--keys", "k", "--id", "5", "--clients", "3")]
    [InlineData("client", "--keys", "k", "--id", "0", "--server", "http://localhost:1")]
    [InlineData("server", "--keys", "k", "--model", "nope")]
    [InlineData("server", "--keys", "k", "--dp-epsilon", "3", "--distributed-noise")]
    [InlineData("server", "--keys", "k", "--dp-epsilon", "-1")]
    [InlineData("server", "--keys", "k", "--dp-epsilon", "3", "--delta", "2")]
    [InlineData("server", "--keys", "k", "--secagg", "--secagg-degree", "5")]
    [InlineData("server", "--keys", "k", "--secagg-degree", "4")]
    [InlineData("server", "--keys", "k", "--secagg", "--max-weight", "0.5")]
    [InlineData("keys", "--clients", "0", "--out", "k")]
    public void BadValuesAreOneLineAndExitCodeTwo(params string[] arguments)
    {
        CliRunner.Refused(["fl", .. arguments]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
