namespace Veil.Compare.Report;

/// <summary>How a backend is drawn in the charts: a colour (the Okabe–Ito palette, readable by colour-blind readers)
/// and a marker shape, so a backend is recognisable in print without colour.</summary>
/// <param name="Colour">The CSS colour.</param>
/// <param name="Shape">The marker's shape.</param>
/// <remarks>Thread-safety: immutable.</remarks>
internal readonly record struct BackendStyle(string Colour, MarkerShape Shape)
{
    /// <summary>The style of <paramref name="backend"/>; backends the report does not know share one.</summary>
    public static BackendStyle For(string backend) => backend switch
    {
        "plain" => new("#555555", MarkerShape.Circle),
        "he" => new("#0072B2", MarkerShape.Square),
        "mpc" => new("#D55E00", MarkerShape.Triangle),
        "dp" => new("#009E73", MarkerShape.Diamond),
        "fl" => new("#E69F00", MarkerShape.Diamond),
        _ => new("#CC79A7", MarkerShape.Cross),
    };
}

/// <summary>A chart marker's shape.</summary>
internal enum MarkerShape
{
    /// <summary>A disc.</summary>
    Circle,

    /// <summary>A square.</summary>
    Square,

    /// <summary>A triangle pointing up.</summary>
    Triangle,

    /// <summary>A square turned 45°.</summary>
    Diamond,

    /// <summary>A diagonal cross.</summary>
    Cross,
}
