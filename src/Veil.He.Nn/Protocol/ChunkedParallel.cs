using System.Runtime.ExceptionServices;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// Splits [0, count) into one contiguous chunk per thread and runs them at once, rethrowing the first failure as
/// itself (not wrapped in an <see cref="AggregateException"/>), so a corrupt ciphertext read on a worker thread still
/// surfaces as the typed error the caller documents.
/// </summary>
/// <remarks>Thread-safety: stateless; <c>body</c> runs concurrently on disjoint ranges.</remarks>
internal static class ChunkedParallel
{
    /// <summary>Calls <paramref name="body"/>(start, end) over disjoint ranges covering [0, count), on up to
    /// <paramref name="threads"/> threads (0: one per processor).</summary>
    /// <exception cref="Exception">Whatever <paramref name="body"/> throws first.</exception>
    public static void For(int count, int threads, Action<int, int> body)
    {
        int lanes = Math.Min(threads <= 0 ? Environment.ProcessorCount : threads, count);
        if (lanes <= 1)
        {
            body(0, count);
            return;
        }

        int chunk = (count + lanes - 1) / lanes;
        try
        {
            Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes }, lane =>
            {
                int start = lane * chunk;
                int end = Math.Min(count, start + chunk);
                if (start < end)
                {
                    body(start, end);
                }
            });
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
