using System.Text.Json;

namespace Veil.Cli.Tests;

public class HeBenchCommandTests
{
    [Fact]
    public void BenchPrintsOneJsonObjectOfMicroseconds()
    {
        var (code, output, error) = CliRunner.Run("he", "bench", "--n", "8192", "--json", "--budget-ms", "2");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        string[] expected =
        [
            "ntt_forward", "ntt_inverse", "encode", "decode", "encrypt", "encrypt_modulo_q", "encrypt_symmetric", "decrypt", "add", "multiply",
            "multiply_plain", "square", "relinearize", "rescale", "rotate_one_step", "conjugate", "keygen_relin",
            "keygen_galois_one_step",
        ];
        Assert.Equal(expected, document.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            Assert.True(property.Value.GetDouble() > 0, property.Name);
        }

        // Relinearization (a key switch) costs far more than an addition: the figures are measurements, not constants.
        Assert.True(document.RootElement.GetProperty("relinearize").GetDouble() > document.RootElement.GetProperty("add").GetDouble());
    }

    [Fact]
    public void PaillierBenchMeasuresEveryOperation()
    {
        var (code, output, error) = CliRunner.Run("he", "bench", "--scheme", "paillier", "--bits", "2048", "--json", "--budget-ms", "1");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(
            ["keygen", "encrypt", "encrypt_precomputed", "decrypt", "add", "add_plain", "multiply_plain_64bit"],
            document.RootElement.EnumerateObject().Select(p => p.Name));

        // An encryption's exponentiation modulo N² costs far more than its online step with precomputed randomness.
        Assert.True(document.RootElement.GetProperty("encrypt").GetDouble() > 10 * document.RootElement.GetProperty("encrypt_precomputed").GetDouble());
    }

    [Fact]
    public void BfvBenchMeasuresSealsOperations()
    {
        var (code, output, error) = CliRunner.Run("he", "bench", "--scheme", "bfv", "--n", "4096", "--json", "--budget-ms", "1");
        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(
            [
                "encode", "decode", "encrypt", "encrypt_symmetric", "decrypt", "add", "add_plain", "negate", "multiply",
                "multiply_plain", "square", "relinearize", "rotate_rows", "rotate_columns", "keygen_relin", "keygen_galois_one_step",
            ],
            document.RootElement.EnumerateObject().Select(p => p.Name));

        // The product of ciphertexts (exact extension, tensor, scaling) costs far more than an addition.
        Assert.True(document.RootElement.GetProperty("multiply").GetDouble() > 10 * document.RootElement.GetProperty("add").GetDouble());
    }

    [Theory]
    [InlineData("--n", "4096")]
    [InlineData("--scheme", "bfv", "--n", "2048")]
    [InlineData("--budget-ms", "0")]
    [InlineData("--scheme", "rsa")]
    [InlineData("--scheme", "paillier", "--bits", "1024")]
    public void BadValuesAreOneLineAndExitCodeTwo(params string[] arguments)
    {
        CliRunner.Refused(["he", "bench", .. arguments]);
    }
}
