using System.Runtime.Intrinsics;

namespace Veil.Arithmetic.Tests;

/// <summary>
/// Entry point used only when the test assembly runs as a program: <c>dotnet Veil.Arithmetic.Tests.dll check</c> runs
/// every <see cref="KernelChecks"/> check and prints which vector widths were active, so a parent test can run it
/// with <c>DOTNET_EnableAVX512F=0</c> or <c>DOTNET_EnableHWIntrinsic=0</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1 || args[0] != "check")
        {
            Console.Error.WriteLine("usage: Veil.Arithmetic.Tests check");
            return 2;
        }

        Console.WriteLine($"vector512={Vector512.IsHardwareAccelerated} vector256={Vector256.IsHardwareAccelerated}");
        foreach (var (name, check) in KernelChecks.All)
        {
            try
            {
                check();
                Console.WriteLine("ok " + name);
            }
            catch (InvalidOperationException ex)
            {
                Console.WriteLine($"FAILED {name}: {ex.Message}");
                return 1;
            }
        }

        return 0;
    }
}
