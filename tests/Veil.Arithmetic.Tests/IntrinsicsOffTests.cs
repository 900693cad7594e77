using System.Diagnostics;

namespace Veil.Arithmetic.Tests;

/// <summary>Re-runs every kernel check in a child process with AVX-512 off (the 256-bit path) and with all hardware
/// intrinsics off (the scalar path).</summary>
public class IntrinsicsOffTests
{
    [Theory]
    // .NET 8-9 name the AVX-512 switch DOTNET_EnableAVX512F; .NET 10 folds it into DOTNET_EnableAVX512. Set both.
    [InlineData("DOTNET_EnableAVX512F,DOTNET_EnableAVX512", "vector512=False vector256=True")]
    [InlineData("DOTNET_EnableHWIntrinsic", "vector512=False vector256=False")]
    public void KernelsAgreeWithIntrinsicsSwitchedOff(string variables, string expectedWidths)
    {
        string assembly = typeof(IntrinsicsOffTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("check");
        foreach (string variable in variables.Split(','))
        {
            start.Environment[variable] = "0";
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "the child process timed out");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {output} {error}");
        Assert.StartsWith(expectedWidths, output, StringComparison.Ordinal);
        foreach (var (name, _) in KernelChecks.All)
        {
            Assert.Contains("ok " + name, output, StringComparison.Ordinal);
        }
    }
}
