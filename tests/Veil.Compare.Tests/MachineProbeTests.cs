using Veil.Compare.Machine;
using Veil.Compare.Results;

namespace Veil.Compare.Tests;

public class MachineProbeTests
{
    [Theory]
    [InlineData("0.1.0+abc1234", "0.1.0", "abc1234")]
    [InlineData("0.1.0", "0.1.0", MachineProbe.UnknownCommit)]
    [InlineData("0.1.0+", "0.1.0+", MachineProbe.UnknownCommit)]
    [InlineData(null, "unknown", MachineProbe.UnknownCommit)]
    public void SplitsTheVersionFromTheCommit(string? informational, string version, string commit) =>
        Assert.Equal((version, commit), MachineProbe.SplitVersion(informational));

    [Fact]
    public void DescribesThisMachine()
    {
        MachineInfo machine = MachineProbe.Probe(typeof(MachineProbe).Assembly);
        Assert.Equal(Environment.ProcessorCount, machine.Cores);
        Assert.True(machine.MemoryBytes > 0);
        Assert.False(string.IsNullOrWhiteSpace(machine.Cpu));
        Assert.Equal(Environment.Version.ToString(), machine.DotNet);
        Assert.StartsWith("0.", machine.VeilVersion, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(machine.LoadAverage >= 0);
        }
    }
}
