namespace Veil.Tensors.Kernels;

/// <summary>Runs independent pieces of a kernel on the cores when there is enough work to pay for it.</summary>
/// <remarks>Thread-safety: stateless; <c>body</c> runs concurrently on disjoint ranges.</remarks>
public static class ParallelRange
{
    /// <summary>Calls <paramref name="body"/>(start, end) over [0, count) in up to one chunk per core; on the calling
    /// thread alone when <paramref name="count"/> x <paramref name="costPerItem"/> is below <paramref name="minimumWork"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void For(int count, long costPerItem, Action<int, int> body, long minimumWork = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(body);
        int threads = Math.Min(Environment.ProcessorCount, count);
        if (threads <= 1 || count * costPerItem < minimumWork)
        {
            body(0, count);
            return;
        }

        int chunk = (count + threads - 1) / threads;
        Parallel.For(0, threads, t =>
        {
            int start = t * chunk;
            int end = Math.Min(count, start + chunk);
            if (start < end)
            {
                body(start, end);
            }
        });
    }
}
