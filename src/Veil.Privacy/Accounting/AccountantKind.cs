namespace Veil.Privacy.Accounting;

/// <summary>The accountants Veil offers for DP-SGD.</summary>
public enum AccountantKind
{
    /// <summary><see cref="RdpAccountant"/>: fast, a valid but looser upper bound.</summary>
    Rdp,

    /// <summary><see cref="PrvAccountant"/>: tighter, with a proven error interval; slower (an FFT per query).</summary>
    Prv,
}

/// <summary>Creates accountants by kind.</summary>
/// <remarks>Thread-safety: stateless, safe from any thread.</remarks>
public static class PrivacyAccountants
{
    /// <summary>A new, empty accountant of <paramref name="kind"/> with default settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static IPrivacyAccountant Create(AccountantKind kind) => kind switch
    {
        AccountantKind.Rdp => new RdpAccountant(),
        AccountantKind.Prv => new PrvAccountant(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown accountant."),
    };
}
