namespace Veil.Compare.Report;

/// <summary>
/// Places the charts' text labels beside their marks without overlapping one another or the marks: each label tries
/// a few spots around its mark (right, left, above, below, then further up and down) and takes the first free one
/// inside the plot; when none is free it takes the one that overlaps least.
/// </summary>
/// <remarks>Thread-safety: not thread-safe; one placer per chart.</remarks>
internal sealed class LabelPlacer
{
    /// <summary>The average advance of a label's character, in SVG units at the report's 12-unit label font.</summary>
    public const double CharWidth = 6.6;

    private const double Height = 12;
    private readonly List<Box> _taken = [];
    private readonly Box _plot;

    /// <summary>A placer for labels inside the plot area (<paramref name="left"/>, <paramref name="top"/>) to
    /// (<paramref name="right"/>, <paramref name="bottom"/>).</summary>
    public LabelPlacer(double left, double top, double right, double bottom) => _plot = new Box(left, top, right, bottom);

    /// <summary>Reserves the area of a mark centred on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void ReserveMark(double x, double y, double size) =>
        _taken.Add(new Box(x - (size / 2), y - (size / 2), x + (size / 2), y + (size / 2)));

    /// <summary>Where to write <paramref name="text"/> for the mark at (<paramref name="x"/>, <paramref name="y"/>):
    /// the baseline position and text anchor.</summary>
    public (double X, double Y, string Anchor) Place(string text, double x, double y)
    {
        double width = text.Length * CharWidth;
        (double X, double Y, string Anchor)[] candidates =
        [
            (x + 8, y + 4, "start"), (x - 8, y + 4, "end"), (x, y - 9, "middle"), (x, y + 17, "middle"),
            (x + 8, y - 10, "start"), (x + 8, y + 18, "start"), (x - 8, y - 10, "end"), (x - 8, y + 18, "end"),
            (x + 8, y - 24, "start"), (x + 8, y + 32, "start"), (x - 8, y - 24, "end"), (x - 8, y + 32, "end"),
        ];
        (double X, double Y, string Anchor) best = candidates[0];
        double bestOverlap = double.MaxValue;
        foreach (var candidate in candidates)
        {
            Box box = BoxOf(candidate, width);
            double overlap = _taken.Sum(box.Overlap) + (_plot.Contains(box) ? 0 : 1e6);
            if (overlap < bestOverlap)
            {
                (best, bestOverlap) = (candidate, overlap);
                if (overlap == 0)
                {
                    break;
                }
            }
        }

        _taken.Add(BoxOf(best, width));
        return best;
    }

    private static Box BoxOf((double X, double Y, string Anchor) at, double width)
    {
        double left = at.Anchor switch
        {
            "end" => at.X - width,
            "middle" => at.X - (width / 2),
            _ => at.X,
        };
        return new Box(left, at.Y - Height + 2, left + width, at.Y + 2);
    }

    private readonly record struct Box(double Left, double Top, double Right, double Bottom)
    {
        public double Overlap(Box other) =>
            Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left)) *
            Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

        public bool Contains(Box inner) =>
            inner.Left >= Left && inner.Right <= Right && inner.Top >= Top && inner.Bottom <= Bottom;
    }
}
