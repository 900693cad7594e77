namespace Veil.Mpc.Tests.Harness;

/// <summary>The networks one test suite runs over.</summary>
public enum TransportKind
{
    InProcess,
    Tls,
}
