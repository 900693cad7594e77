using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;

namespace Veil.Cli.Commands.Mpc;

/// <summary>The job kinds a <c>veil mpc party</c> process can run: the built-in self-test and secure inference.</summary>
internal static class MpcJobs
{
    public static MpcJobCatalog Create()
    {
        MpcJobCatalog catalog = MpcJobCatalog.WithBuiltIns();
        catalog.Register(SecureInferenceJob.Kind, SecureInferenceJob.FromDescription);
        return catalog;
    }
}
