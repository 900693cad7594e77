namespace Veil.He.Paillier;

/// <summary>Parallel options from a thread count where 0 means every core.</summary>
internal static class Parallelism
{
    public static ParallelOptions Options(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
    }
}
