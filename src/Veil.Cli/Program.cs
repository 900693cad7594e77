using Veil.Cli;

return VeilApp.Run(args, CliContext.ForProcess());
