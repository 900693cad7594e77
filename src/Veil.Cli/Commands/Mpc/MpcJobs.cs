using System.Globalization;
using Veil.Mpc.Deployment;
using Veil.Mpc.He;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Nn;
using Veil.Mpc.Nn.Training;

namespace Veil.Cli.Commands.Mpc;

/// <summary>The job kinds a <c>veil mpc party</c> process can run (the built-in self-test, secure inference and secure
/// training) and its dealer-free preprocessing (oblivious transfer built in, homomorphic encryption from Veil.Mpc.He).</summary>
internal static class MpcJobs
{
    /// <summary>The line prefix of a training step's progress on standard error (read by <c>veil mpc train</c>).</summary>
    public const string ProgressPrefix = "veil mpc: step ";

    /// <summary>The catalog; training writes one line per step to <paramref name="status"/> when given, and
    /// <paramref name="inference"/> replaces the inference job's factory (a serving data owner's process).</summary>
    public static MpcJobCatalog Create(TextWriter? status = null, Func<System.Text.Json.Nodes.JsonObject, IMpcJob>? inference = null)
    {
        MpcJobCatalog catalog = MpcJobCatalog.WithBuiltIns();
        catalog.RegisterPreprocessing(PreprocessingKind.HomomorphicEncryption, ConnectHe);
        catalog.Register(SecureInferenceJob.Kind, inference ?? SecureInferenceJob.FromDescription);
        catalog.Register(SecureTrainingJob.Kind, description => SecureTrainingJob.FromDescription(description, status is null ? null : step => status.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{ProgressPrefix}{step.Epoch} {step.Epochs} {step.Batch} {step.Batches} {step.Seconds:F4} {step.Bytes}"))));
        return catalog;
    }

    /// <summary>The "he" preprocessing: matrix and convolution triples by linear HE, the rest by oblivious transfer.</summary>
    private static HeTripleSource ConnectHe(Veil.Mpc.Transport.IMpcTransport transport, int party)
    {
        OtTripleSource inner = OtTripleSource.Connect(transport, party);
        try
        {
            return HeTripleSource.Connect(transport, party, inner);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>Reads a progress line written by a training party: (epoch, epochs, batch, batches, seconds, bytes), or null.</summary>
    public static (int Epoch, int Epochs, int Batch, int Batches, double Seconds, long Bytes)? ParseProgress(string line)
    {
        if (line is null || !line.StartsWith(ProgressPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        string[] parts = line[ProgressPrefix.Length..].Split(' ');
        var culture = CultureInfo.InvariantCulture;
        return parts.Length == 6
            && int.TryParse(parts[0], culture, out int epoch) && int.TryParse(parts[1], culture, out int epochs)
            && int.TryParse(parts[2], culture, out int batch) && int.TryParse(parts[3], culture, out int batches)
            && double.TryParse(parts[4], culture, out double seconds) && long.TryParse(parts[5], culture, out long bytes)
            ? (epoch, epochs, batch, batches, seconds, bytes)
            : null;
    }
}
