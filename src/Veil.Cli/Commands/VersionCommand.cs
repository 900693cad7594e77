using System.CommandLine;
using System.Reflection;
using System.Text.Json.Nodes;
using Veil.Cli.Output;

namespace Veil.Cli.Commands;

/// <summary><c>veil version</c>: the version of Veil and of the .NET runtime.</summary>
internal static class VersionCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("version", "Print Veil's version and the .NET runtime it runs on.") { json };
        command.SetAction(parse =>
        {
            string version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, new JsonObject
                {
                    ["veil"] = version,
                    ["dotnet"] = Environment.Version.ToString(),
                });
            }
            else
            {
                context.Out.WriteLine($"veil {version} on .NET {Environment.Version}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
