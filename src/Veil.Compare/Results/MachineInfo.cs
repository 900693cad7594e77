namespace Veil.Compare.Results;

/// <summary>The machine a comparison ran on: timings mean little without it.</summary>
/// <param name="Cpu">The processor model, e.g. <c>AMD EPYC 9R45</c>.</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="MemoryBytes">Physical memory.</param>
/// <param name="Os">The operating system and version.</param>
/// <param name="DotNet">The .NET runtime version.</param>
/// <param name="VeilVersion">Veil's informational version.</param>
/// <param name="Commit">The Git commit of the Veil build ("unknown" outside a clone).</param>
/// <param name="LoadAverage">The one-minute load average when the run started, where the OS reports one; other work
/// on the machine inflates timings.</param>
/// <remarks>Thread-safety: immutable.</remarks>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string Os, string DotNet, string VeilVersion, string Commit, double? LoadAverage);
