namespace Veil.Cli.Commands.He;

/// <summary>One scheme's operations for <c>veil he bench</c>.</summary>
internal interface ISchemeBenchmark
{
    /// <summary>What is measured, for the table's title (scheme, parameters, threads).</summary>
    string Description { get; }

    /// <summary>The operations, in report order.</summary>
    IReadOnlyList<string> Operations { get; }

    /// <summary>The median time of <paramref name="operation"/> in microseconds.</summary>
    double Measure(string operation, TimeSpan budget);
}
