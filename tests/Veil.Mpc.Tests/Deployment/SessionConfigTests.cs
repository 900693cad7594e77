using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Security;

namespace Veil.Mpc.Tests.Deployment;

public sealed class SessionConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("veil-mpc-config").FullName;

    [Fact]
    public void KeysWriteAPartiesFileThatLoadsBack()
    {
        string file = SessionKeys.Create(_directory, 3, ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], [5000, 5001, 5002, 5003],
            new JsonObject { ["kind"] = "selftest", ["elements"] = 64 }, overwrite: false);
        var config = SessionConfig.Load(file);
        Assert.Equal(3, config.Parties);
        Assert.Equal(4, config.Endpoints.Length);
        Assert.Equal("dealer", config.Endpoints[3].Name);
        Assert.Equal("10.0.0.2", config.Endpoints[1].Host);
        Assert.Equal(5003, config.Endpoints[3].Port);
        Assert.Equal(3, config.ParseEndpoint("dealer"));
        Assert.Equal(1, config.ParseEndpoint("1"));
        Assert.Throws<ArgumentException>(() => config.ParseEndpoint("4"));
        Assert.Equal(_directory, config.KeysDirectory.TrimEnd('/'));

        // Each certificate on disk is the one its entry pins, with its private key.
        for (int id = 0; id <= 3; id++)
        {
            using var certificate = PinnedCertificates.LoadPfx(config.CertificatePath(id));
            Assert.Equal(config.Endpoints[id].CertificateSha256, Veil.Mpc.Transport.TlsTransport.Pin(certificate));
        }

        Assert.Equal(64, MpcJobCatalog.WithBuiltIns().Create(config.Job!) is SelfTestJob job ? job.Elements : 0);

        // Existing keys are not overwritten by accident.
        Assert.Throws<IOException>(() => SessionKeys.Create(_directory, 3, ["h"], [1, 2, 3, 4], null, overwrite: false));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"format\":\"other\"}", "\"format\"")]
    [InlineData("{\"format\":\"veil-mpc-session\",\"version\":9}", "newer")]
    [InlineData("{\"format\":\"veil-mpc-session\",\"version\":1,\"parties\":2,\"endpoints\":[]}", "0 endpoints for 2 parties")]
    public void MalformedPartiesFilesAreRefusedClearly(string content, string expected)
    {
        string file = Path.Combine(_directory, "bad.json");
        File.WriteAllText(file, content);
        var error = Assert.Throws<VeilFormatException>(() => SessionConfig.Load(file));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnknownJobsAreRefused()
    {
        var error = Assert.Throws<VeilFormatException>(() => MpcJobCatalog.WithBuiltIns().Create(new JsonObject { ["kind"] = "mine-bitcoin" }));
        Assert.Contains("selftest", error.Message);
    }

    [Fact]
    public async Task PartyRunnerRunsEveryEndpointFromThePartiesFile()
    {
        int[] ports = Enumerable.Range(0, 3).Select(_ => LocalSession.FreeLoopbackPort()).ToArray();
        string file = SessionKeys.Create(_directory, 2, ["127.0.0.1"], ports, new JsonObject { ["kind"] = "selftest", ["elements"] = 100 }, overwrite: true);
        var config = SessionConfig.Load(file);
        var jobs = MpcJobCatalog.WithBuiltIns();
        var runs = Enumerable.Range(0, 3).Select(id => Task.Factory.StartNew(() => PartyRunner.Run(config, id, jobs), TaskCreationOptions.LongRunning)).ToArray();
        var reports = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(reports[0]["ok"]!.GetValue<bool>());
        Assert.True(reports[1]["ok"]!.GetValue<bool>());
        Assert.Equal("dealer", reports[2]["role"]!.GetValue<string>());
        Assert.True(reports[2]["requests"]!.GetValue<long>() > 0);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
