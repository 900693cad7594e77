using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Cli.Commands.Mpc;
using Veil.Mpc.Deployment;

namespace Veil.Cli.Tests.Mpc;

public sealed class MpcCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-cli-mpc").FullName;

    [Fact]
    public void KeysWriteCertificatesAndAPartiesFileForSeveralHosts()
    {
        var (code, output, error) = CliRunner.Run("mpc", "keys", "--out", _directory, "--parties", "3", "--hosts", "a,b,c,d", "--base-port", "5000", "--json");
        Assert.True(code == 0, error);
        var document = JsonNode.Parse(output)!;
        var endpoints = document["endpoints"]!.AsArray();
        Assert.Equal(4, endpoints.Count);
        Assert.Equal("d:5003", endpoints[3]!["address"]!.GetValue<string>());
        Assert.Equal("dealer", endpoints[3]!["name"]!.GetValue<string>());
        foreach (string name in new[] { "party0", "party1", "party2", "dealer" })
        {
            Assert.True(File.Exists(Path.Combine(_directory, name + ".pfx")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, name + ".pfx")));
            }

            Assert.True(File.Exists(Path.Combine(_directory, name + ".crt")));
        }

        var session = SessionConfig.Load(Path.Combine(_directory, "parties.json"));
        Assert.Equal("c", session.Endpoints[2].Host);

        // Running again would replace the keys: refused without --force.
        var (again, _, againError) = CliRunner.Run("mpc", "keys", "--out", _directory, "--parties", "3");
        Assert.Equal(2, again);
        Assert.Contains("--force", againError);
    }

    [Theory]
    [InlineData("mpc", "keys", "--out", "DIR", "--hosts", "a,b")]
    [InlineData("mpc", "keys", "--out", "DIR", "--parties", "1")]
    [InlineData("mpc", "party", "--config", "DIR/missing.json", "--id", "0")]
    [InlineData("mpc", "party", "--config", "DIR/parties.json", "--id", "7")]
    [InlineData("mpc", "bench-ops", "--ops", "teleport")]
    [InlineData("mpc", "bench", "--model", "mlp", "--network", "moon")]
    [InlineData("mpc", "bench", "--model", "mlp", "--rtt", "-1")]
    [InlineData("mpc", "bench", "--model", "mlp", "--preprocessing", "oracle")]
    [InlineData("mpc", "selftest", "--parties", "3", "--preprocessing", "ot")]
    [InlineData("mpc", "keys", "--out", "DIR/ot", "--preprocessing", "he", "--hosts", "a,b,c")]
    [InlineData("mpc", "party", "--config", "DIR/parties.json", "--id", "0", "--stdio", "--json")]
    public void MistakesAreOneLineWithExitCodeTwo(params string[] args)
    {
        CliRunner.Run("mpc", "keys", "--out", _directory);
        CliRunner.Refused(args.Select(a => a.Replace("DIR", _directory, StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void SelfTestRunsEveryPartyAndTheDealerAsProcesses()
    {
        var (code, output, error) = CliRunner.Run("mpc", "selftest", "--elements", "200", "--json");
        Assert.True(code == 0, error + output);
        var document = JsonNode.Parse(output)!;
        Assert.True(document["ok"]!.GetValue<bool>());
        var endpoints = document["endpoints"]!.AsArray();
        Assert.Equal(3, endpoints.Count);
        Assert.True(endpoints[0]!["report"]!["ok"]!.GetValue<bool>());
        Assert.True(endpoints[1]!["report"]!["rounds"]!.GetValue<long>() > 0);
        Assert.Equal("dealer", endpoints[2]!["report"]!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ot")]
    [InlineData("he")]
    public void SelfTestRunsWithoutADealerWhenThePartiesMakeTheirOwnCorrelations(string preprocessing)
    {
        var (code, output, error) = CliRunner.Run("mpc", "selftest", "--elements", "200", "--preprocessing", preprocessing, "--json");
        Assert.True(code == 0, error + output);
        var document = JsonNode.Parse(output)!;
        Assert.True(document["ok"]!.GetValue<bool>());
        var endpoints = document["endpoints"]!.AsArray();
        Assert.Equal(2, endpoints.Count);
        Assert.All(endpoints, e => Assert.True(e!["report"]!["ok"]!.GetValue<bool>()));
        Assert.All(endpoints, e => Assert.Equal(0, e!["report"]!["dealer_bytes"]?.GetValue<long>() ?? 0));
    }

    [Fact]
    public void AKilledPartyProcessMakesTheOthersExitWithAnErrorWithinTheTimeout()
    {
        int[] ports = Enumerable.Range(0, 3).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
        string file = SessionKeys.Create(_directory, 2, ["127.0.0.1"], ports,
            new JsonObject { ["kind"] = "selftest", ["elements"] = 2000, ["repeat"] = 100_000 }, overwrite: true);
        var timeout = TimeSpan.FromSeconds(20);
        (SessionConfig.Load(file) with { ReceiveTimeout = timeout, DealerIdleTimeout = timeout, KeysDirectory = "." }).Save(file);

        var processes = new[] { "dealer", "0", "1" }
            .Select(id => Process.Start(PartyProcesses.Veil(["mpc", "party", "--config", file, "--id", id]))!)
            .ToArray();
        try
        {
            // Wait until party 1 is computing, then kill it.
            string? line;
            do
            {
                line = processes[2].StandardError.ReadLine();
            }
            while (line is not null && !line.Contains("running", StringComparison.Ordinal));
            Assert.NotNull(line);
            Thread.Sleep(500);
            var clock = Stopwatch.StartNew();
            processes[2].Kill();

            foreach (var survivor in processes[..2])
            {
                Assert.True(survivor.WaitForExit(timeout), "a surviving endpoint hung");
                Assert.Equal(2, survivor.ExitCode);
                string lastError = survivor.StandardError.ReadToEnd().TrimEnd().Split('\n')[^1];
                Assert.StartsWith("veil: ", lastError);
            }

            Assert.True(clock.Elapsed < timeout);
        }
        finally
        {
            foreach (var process in processes.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public void BenchOpsReportsRoundsAndBytes()
    {
        var (code, output, error) = CliRunner.Run("mpc", "bench-ops", "--ops", "relu,matmul", "--repeat", "1", "--transport", "inprocess", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var ops = document.RootElement.GetProperty("ops").EnumerateArray().ToList();
        var relu = ops.First(o => o.GetProperty("op").GetString() == "relu");
        Assert.Equal(5, relu.GetProperty("rounds").GetInt64()); // the dealer's radix-4 comparison
        var matmul = ops.First(o => o.GetProperty("size").GetString() == "1x784x128");
        Assert.Equal(1, matmul.GetProperty("rounds").GetInt64());
        Assert.Equal(((1 * 784) + (784 * 128)) * 8 + 5, matmul.GetProperty("bytes_sent_per_party").GetInt64());
        Assert.Equal((128 * 8) + 5 + 20, matmul.GetProperty("dealer_bytes").GetInt64());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
