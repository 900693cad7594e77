using System.Text.Json;

namespace Veil.Cli.Tests;

public class PrivacyCommandTests
{
    // Opacus, opacus/tests/accountants_test.py, test_rdp_accountant: sigma 1.5, q 0.04, 2250 steps, delta 1e-5 gives
    // 7.32911117143 on Opacus's order grid; Veil's default grid is wider and refines the order, so it may only be
    // tighter, and by little.
    [Fact]
    public void EpsilonWithRdpPrintsEpsilonAndOrder()
    {
        var (code, output, error) = CliRunner.Run(
            "privacy", "epsilon", "--noise-multiplier", "1.5", "--sample-rate", "0.04", "--steps", "2250", "--delta", "1e-5", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal("rdp", root.GetProperty("accountant").GetString());
        Assert.InRange(root.GetProperty("epsilon").GetDouble(), 7.30, 7.32911117143);
        Assert.InRange(root.GetProperty("order").GetDouble(), 2, 10);
    }

    // Opacus, opacus/tests/prv_accountant.py: (sigma 2.0, q 0.05, 1000 steps) at delta 1e-6 -> 4.17279986668931890.
    [Fact]
    public void EpsilonWithPrvPrintsTheGuaranteeAndItsInterval()
    {
        var (code, output, error) = CliRunner.Run(
            "privacy", "epsilon", "-s", "2", "-q", "0.05", "-t", "1000", "-d", "1e-6", "--accountant", "prv", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        double epsilon = root.GetProperty("epsilon").GetDouble();
        Assert.Equal(4.17279986668931890, epsilon, 3e-3);
        Assert.Equal(epsilon, root.GetProperty("epsilon_upper").GetDouble());
        Assert.InRange(root.GetProperty("epsilon_estimate").GetDouble(), root.GetProperty("epsilon_lower").GetDouble(), epsilon);
    }

    [Fact]
    public void EpsilonAsTextNamesEachValue()
    {
        var (code, output, _) = CliRunner.Run("privacy", "epsilon", "-s", "1.1", "-q", "0.004", "-t", "1000", "-d", "1e-5");
        Assert.Equal(0, code);
        Assert.Contains("epsilon ", output);
        Assert.Contains("order ", output);
    }

    // Issue 5 ships the epsilon = 3 model under models/ as lenet-dp3 (and the epsilon = 1 one as lenet-dp1): loadable
    // by name, with its guarantee in the JSON, and at the accuracy goal on the whole test set.
    [Theory]
    [InlineData("lenet-dp3", 3.0, 0.98)]
    [InlineData("lenet-dp1", 1.0, 0.97)]
    public void ShippedDpModelsLoadByNameWithTheirGuarantee(string name, double targetEpsilon, double goal)
    {
        var (code, output, error) = CliRunner.Run("eval", "--model", name, "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(name, root.GetProperty("model").GetString());
        Assert.InRange(root.GetProperty("epsilon").GetDouble(), targetEpsilon - 0.01, targetEpsilon);
        Assert.Equal(1e-5, root.GetProperty("delta").GetDouble());
        Assert.Equal(10_000, root.GetProperty("images").GetInt32());
        Assert.InRange(root.GetProperty("accuracy").GetDouble(), goal, 1.0);
    }

    // Opacus, accountants_test.py, test_get_noise_multiplier_rdp_steps: epsilon 8, delta 1e-5, q 0.04, 2000 steps ->
    // 1.3562 with tolerance 0.01 on epsilon; ours searches to 1e-3, so it lands within about 1e-3 of it in sigma.
    [Fact]
    public void NoisePrintsTheNoiseMultiplier()
    {
        var (code, output, error) = CliRunner.Run(
            "privacy", "noise", "--epsilon", "8", "--delta", "1e-5", "--sample-rate", "0.04", "--steps", "2000", "--json");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(1.3562, root.GetProperty("noise_multiplier").GetDouble(), 3e-3);
        Assert.InRange(root.GetProperty("epsilon").GetDouble(), 8 - 1e-3, 8);
    }

    [Fact]
    public void NoiseAsTextNamesTheNoiseMultiplier()
    {
        var (code, output, _) = CliRunner.Run("privacy", "noise", "-e", "2", "-d", "1e-5", "-q", "0.01", "-t", "500");
        Assert.Equal(0, code);
        Assert.Contains("noise multiplier", output);
    }

    [Theory]
    [InlineData("epsilon", "-s", "1", "-q", "1.5", "-t", "10", "-d", "1e-5")]   // q above 1
    [InlineData("epsilon", "-s", "1", "-q", "0", "-t", "10", "-d", "1e-5")]     // q of 0
    [InlineData("epsilon", "-s", "-1", "-q", "0.5", "-t", "10", "-d", "1e-5")]  // negative sigma
    [InlineData("epsilon", "-s", "1", "-q", "0.5", "-t", "-3", "-d", "1e-5")]   // negative steps
    [InlineData("epsilon", "-s", "1", "-q", "0.5", "-t", "10", "-d", "1")]      // delta of 1
    [InlineData("epsilon", "-s", "1", "-q", "0.5", "-t", "10", "-d", "abc")]    // not a number
    [InlineData("epsilon", "-s", "1", "-q", "0.5", "-t", "10", "-d", "1e-5", "-a", "moments")]
    [InlineData("epsilon", "-s", "1", "-q", "0.5", "-d", "1e-5")]               // steps missing
    [InlineData("noise", "-e", "0", "-d", "1e-5", "-q", "0.01", "-t", "10")]    // epsilon of 0
    [InlineData("noise", "-e", "1", "-d", "2", "-q", "0.01", "-t", "10")]       // delta of 2
    [InlineData("noise", "-e", "1", "-d", "1e-5", "-q", "0.01", "-t", "0")]     // no steps
    [InlineData("noise", "-e", "1e-9", "-d", "1e-5", "-q", "1", "-t", "1000000")] // unreachable target
    public void BadValuesAreOneLineAndExitCodeTwo(params string[] arguments)
    {
        var (code, output, error) = CliRunner.Run(["privacy", .. arguments]);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("veil: ", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }
}
