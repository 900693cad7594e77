using Orleans.Core;

namespace Veil.Federated.Orleans;

/// <summary>A grain that keeps its state in grain storage and writes it before it acknowledges a change.</summary>
/// <remarks>Thread-safety: Orleans runs one call at a time per activation.</remarks>
internal abstract class DurableGrain : Grain
{
    /// <summary>Writes <paramref name="state"/>; if that fails, the activation goes, so the next one reloads what was
    /// stored and the change is not acknowledged.</summary>
    protected async Task WriteOrReload(IStorage state)
    {
        try
        {
            await state.WriteStateAsync().ConfigureAwait(true);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
