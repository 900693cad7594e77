using Veil.Mpc.Deployment;

namespace Veil.Cli.Commands.Mpc;

/// <summary>The job kinds a <c>veil mpc party</c> process can run. Model evaluation registers here when the NN adapter lands.</summary>
internal static class MpcJobs
{
    public static MpcJobCatalog Create() => MpcJobCatalog.WithBuiltIns();
}
