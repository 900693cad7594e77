using System.Diagnostics;

namespace Veil.Cli.Commands.He;

/// <summary>Times an operation the way every <c>veil he bench</c> scheme does: warm up, run repeatedly, report the median.</summary>
internal static class MedianTimer
{
    /// <summary>Runs <paramref name="action"/> until warm, then times it for about <paramref name="budget"/> (at least 5
    /// runs) and returns the median in microseconds.</summary>
    /// <remarks>Warm-up lasts at least 50 calls and half the budget (250 ms at least), long enough for tiered compilation
    /// to promote the hot loops; an operation too slow for 50 calls in four times that stops warming after 2 calls.</remarks>
    public static double Measure(Action action, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var warmFor = TimeSpan.FromMilliseconds(Math.Max(250, budget.TotalMilliseconds / 2));
        int warmups = 0;
        while (!(warmups >= 50 && clock.Elapsed >= warmFor) && !(warmups >= 2 && clock.Elapsed >= 4 * warmFor))
        {
            action();
            warmups++;
        }

        double single = clock.Elapsed.TotalMicroseconds / warmups;
        int runs = (int)Math.Clamp(budget.TotalMicroseconds / Math.Max(single, 1e-3), 5, 2000);
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            clock.Restart();
            action();
            times[i] = clock.Elapsed.TotalMicroseconds;
        }

        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }
}
