using System.Text.Json.Nodes;

namespace Veil.Mpc.Deployment;

/// <summary>
/// Work that every compute party of a session runs, described in the parties file's "job" object and selected by
/// its "kind" through an <see cref="MpcJobCatalog"/>. A job is data-oblivious: every party calls the protocols in the
/// same order.
/// </summary>
/// <remarks>Thread-safety: a job runs on its party's thread; implementations need not be thread-safe.</remarks>
public interface IMpcJob
{
    /// <summary>Runs this party's side of the job and returns its report.</summary>
    /// <exception cref="MpcProtocolException">The session failed.</exception>
    JsonObject Run(MpcContext context);
}
