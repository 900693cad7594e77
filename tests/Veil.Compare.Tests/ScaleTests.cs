using Veil.Compare.Report;

namespace Veil.Compare.Tests;

public class ScaleTests
{
    [Fact]
    public void LogScalePositionsIncreaseWithTheValue()
    {
        var scale = new LogScale([3, 12_000], 64, 736);
        Assert.Equal(0, scale.LowExponent);
        Assert.Equal(5, scale.HighExponent);
        double previous = double.NegativeInfinity;
        for (double v = 1; v <= 1e5; v *= 1.07)
        {
            double position = scale.Position(v);
            Assert.True(position > previous, $"position of {v} is {position}, not beyond {previous}");
            previous = position;
        }

        Assert.Equal(64, scale.Position(1), 9);
        Assert.Equal(736, scale.Position(1e5), 9);
        Assert.Equal(64 + (672 * 3 / 5.0), scale.Position(1000), 9);
    }

    [Fact]
    public void LogScaleRunsEitherWayAndClampsOutsideItsDecades()
    {
        var scale = new LogScale([0.02, 50], 400, 100);
        Assert.Equal(-2, scale.LowExponent);
        Assert.Equal(2, scale.HighExponent);
        Assert.True(scale.Position(0.1) > scale.Position(1));
        Assert.Equal(400, scale.Position(1e-9), 9);
        Assert.Equal(100, scale.Position(1e9), 9);
        Assert.Equal(400, scale.Position(0), 9);
        Assert.Equal([-2, -1, 0, 1, 2], scale.Decades);
    }

    [Fact]
    public void LogScaleWidensToTheIncludedValueAndOneDecadeAtLeast()
    {
        Assert.Equal(4, new LogScale([2], 0, 1, minExponent: 0, include: 1e4).HighExponent);
        var single = new LogScale([100], 0, 1);
        Assert.Equal((2, 3), (single.LowExponent, single.HighExponent));
        var empty = new LogScale([], 0, 1);
        Assert.Equal((0, 1), (empty.LowExponent, empty.HighExponent));
    }

    [Fact]
    public void AccuracyScaleCoversItsValuesWithRoundTicks()
    {
        var scale = AccuracyScale.Of([95.2, 99.1], 400, 40);
        Assert.Equal([94.0, 95, 96, 97, 98, 99, 100], scale.Ticks);
        Assert.True(scale.Position(99.1) < scale.Position(95.2));
        Assert.Equal(40, scale.Position(100), 9);
        Assert.Equal(400, scale.Position(94), 9);
    }

    [Fact]
    public void LabelsOfMarksInOnePlaceDoNotOverlap()
    {
        var placer = new LabelPlacer(0, 0, 800, 400);
        placer.ReserveMark(400, 200, 11);
        var spots = Enumerable.Range(0, 6).Select(_ => placer.Place("lenet-dp3", 400, 200)).ToList();
        Assert.Equal(spots.Count, spots.Distinct().Count());
        Assert.Equal((408.0, 204.0, "start"), spots[0]);  // the first takes the preferred spot, right of the mark
    }
}
