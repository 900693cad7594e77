namespace Veil.Cli.Commands.Privacy;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, in order
/// (<see cref="Progress{T}"/> posts to the thread pool, so reports may arrive late and out of order).</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
