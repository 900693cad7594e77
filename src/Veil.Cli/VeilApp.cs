using System.CommandLine;
using System.Security.Authentication;
using Veil.Cli.Commands;

namespace Veil.Cli;

/// <summary>Builds the <c>veil</c> command tree and runs it, turning every user mistake into one line and exit code 2.</summary>
internal static class VeilApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the process exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        RootCommand root = BuildRoot(context);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = string.Join(' ', CommandPath(parse));
            context.Error.WriteLine($"veil: {parse.Errors[0].Message} (see '{command} --help').");
            return ExitCodes.UserError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = context.Out,
                Error = context.Error,
            });
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            context.Error.WriteLine("veil: " + OneLine(ex.Message));
            return ExitCodes.UserError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error.WriteLine($"veil: internal error: {ex.GetType().Name}: {OneLine(ex.Message)}");
            if (Environment.GetEnvironmentVariable("VEIL_DEBUG") == "1")
            {
                context.Error.WriteLine(ex.ToString());
            }
            else
            {
                context.Error.WriteLine("veil: set VEIL_DEBUG=1 to see the stack trace.");
            }

            return ExitCodes.InternalError;
        }
    }

    /// <summary>The whole command tree. Each area of Veil contributes its commands here.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("Veil: privacy-preserving machine learning for .NET. " +
            "Runs the same neural network in the clear, under homomorphic encryption, under secure multi-party computation, " +
            "and trained with differential privacy, and measures them side by side.");
        root.Subcommands.Add(VersionCommand.Create(context));
        root.Subcommands.Add(Commands.He.HeCommand.Create(context));
        Commands.Nn.NnCommands.Register(root, context);
        Commands.Privacy.PrivacyCommands.Register(root, context);
        root.Subcommands.Add(Commands.Mpc.MpcCommand.Create(context));
        root.Subcommands.Add(Commands.Compare.CompareCommand.Create(context));
        root.Subcommands.Add(Commands.Compare.ReportCommand.Create(context));
        Commands.Onnx.OnnxCommands.Register(root, context);
        root.Subcommands.Add(Commands.Audit.AuditCommand.Create(context));
        root.Subcommands.Add(Commands.Federated.FlCommand.Create(context));
        return root;
    }

    private static bool IsUserError(Exception ex) => ex switch
    {
        CliUsageException or VeilException => true,
        IOException or UnauthorizedAccessException or AuthenticationException => true,
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUserError),
        _ => false,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command is RootCommand ? "veil" : result.Command.Name);
        }

        return names;
    }
}
