using Spectre.Console;

namespace Veil.Cli.Commands.Nn;

/// <summary>Runs work under a Spectre.Console progress bar on the status terminal (standard error), so results on
/// standard output stay clean; the bar is hidden when the terminal is not interactive.</summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total, description) through the callback it is given.</summary>
    public static T Run<T>(CliContext context, string description, Func<Action<double, double, string>, T> work)
    {
        if (!context.Interactive)
        {
            return work((_, _, _) => { });
        }

        T result = default!;
        context.StatusTerminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                ProgressTask task = progress.AddTask(Markup.Escape(description));
                result = work((done, total, text) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = done;
                    task.Description = Markup.Escape(text);
                });
            });
        return result;
    }
}
