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

    /// <summary>The accountants' names, as the command line takes them and model files record them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rdp", "prv"];

    /// <summary>The name of <paramref name="kind"/>: <c>rdp</c> or <c>prv</c>.</summary>
    public static string Name(AccountantKind kind) => kind == AccountantKind.Prv ? "prv" : "rdp";

    /// <summary>The accountant named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="PrivacyParameterException">No accountant has that name.</exception>
    public static AccountantKind Parse(string name) => name switch
    {
        "rdp" => AccountantKind.Rdp,
        "prv" => AccountantKind.Prv,
        _ => throw new PrivacyParameterException($"unknown accountant '{name}'; choose from {string.Join(", ", Names)}."),
    };
}
