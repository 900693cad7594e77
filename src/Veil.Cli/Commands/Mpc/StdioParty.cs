using System.Text.Json;
using System.Text.Json.Nodes;
using Veil.Mpc.Deployment;
using Veil.Mpc.Nn;
using Veil.Mpc.Transport;
using Veil.Security;

namespace Veil.Cli.Commands.Mpc;

/// <summary>
/// <c>veil mpc party --stdio --id I</c>: one endpoint of a session that a parent process sets up on this machine
/// (the <c>mpc</c> inference backend). The endpoint makes its own key in memory, so no file ever holds it and no
/// other process sees it, and talks to its parent in JSON lines:
/// <list type="number">
/// <item>it writes <c>{"certificate_sha256": PIN}</c>, its certificate's pin;</item>
/// <item>it reads the session (the parties file's JSON on one line), which pins every endpoint, and runs it;</item>
/// <item>as the data owner of a serving session it then reads batches, <c>{"count": n, "inputs": BASE64}</c> (n × input
/// size little-endian floats), and answers each with <c>{"classes": [...], "bytes": B, "rounds": R, "seconds": S,
/// "preprocessing_seconds": P}</c> or <c>{"error": "..."}</c>; the end of its input ends the session;</item>
/// <item>last it writes <c>{"report": {...}}</c>, its job's report.</item>
/// </list>
/// Only the data owner's process holds the inputs, and only the model owner's reads the weights.
/// </summary>
/// <remarks>Thread-safety: one call per process.</remarks>
internal static class StdioParty
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the endpoint named by <paramref name="id"/> ("0", "1", ... or "dealer") over this process's standard streams.</summary>
    /// <exception cref="VeilFormatException">The parent sent no session or an invalid one.</exception>
    public static int Run(CliContext context, TextReader input, string id, Action<string> progress)
    {
        string name = id.Equals("dealer", StringComparison.OrdinalIgnoreCase) ? "dealer" : $"party{id}";
        using var certificate = PinnedCertificates.Create(name, TimeSpan.FromDays(1));
        var output = new LineWriter(context.Out);
        output.Write(new JsonObject { ["certificate_sha256"] = TlsTransport.Pin(certificate) });

        string line = input.ReadLine() ?? throw new VeilFormatException("the parent process sent no session.");
        SessionConfig session = SessionConfig.FromJson(line, Environment.CurrentDirectory);
        int endpoint = session.ParseEndpoint(id);
        MpcJobCatalog jobs = MpcJobs.Create(context.Error);
        Thread? reader = null;
        if (!(session.HasDealer && endpoint == session.DealerId) && session.Job is { } description && description["kind"]?.GetValue<string>() == SecureInferenceJob.Kind)
        {
            var job = SecureInferenceJob.FromDescription(description);
            if (job.Serve && endpoint == job.DataOwner)
            {
                int inputSize = Veil.Nn.Serialization.ModelFile.Load(job.ArchitectureFile).InputShape.ElementCount;
                var queue = new SecureInferenceQueue(job.Count, inputSize);
                var served = new SecureInferenceJob(job.ModelFile, job.ArchitectureFile, job.InputsFile, job.Count, job.Batch,
                    modelOwner: job.ModelOwner, dataOwner: job.DataOwner, serve: true, requests: queue);
                jobs = MpcJobs.Create(context.Error, _ => served);
                reader = new Thread(() => ServeBatches(input, queue, output)) { IsBackground = true, Name = "veil mpc batches" };
                reader.Start();
            }
        }

        JsonObject report = PartyRunner.Run(session, endpoint, certificate, jobs, progress);
        reader?.Join(TimeSpan.FromSeconds(10));
        report["name"] = session.Endpoints[endpoint].Name;
        output.Write(new JsonObject { ["report"] = report });
        return ExitCodes.Success;
    }

    /// <summary>Reads batch lines until the input ends, classifies each, and writes each answer.</summary>
    private static void ServeBatches(TextReader input, SecureInferenceQueue queue, LineWriter output)
    {
        try
        {
            while (input.ReadLine() is { } line)
            {
                JsonObject answer;
                try
                {
                    var request = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("a batch is not a JSON object");
                    int count = request["count"]?.GetValue<int>() ?? throw new FormatException("a batch has no count");
                    byte[] bytes = Convert.FromBase64String(request["inputs"]?.GetValue<string>() ?? throw new FormatException("a batch has no inputs"));
                    float[] values = new float[bytes.Length / sizeof(float)];
                    Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(float));
                    SecureBatchResult result = queue.Classify(values, count, BatchTimeout);
                    answer = new JsonObject
                    {
                        ["classes"] = new JsonArray([.. result.Classes.Select(c => (JsonNode?)c)]),
                        ["bytes"] = result.Bytes,
                        ["rounds"] = result.Rounds,
                        ["seconds"] = result.Seconds,
                        ["preprocessing_seconds"] = result.PreprocessingSeconds,
                    };
                }
                catch (Exception error) when (error is FormatException or JsonException or ArgumentException or InvalidOperationException)
                {
                    answer = new JsonObject { ["error"] = error.Message };
                }
                catch (Veil.Mpc.MpcProtocolException error)
                {
                    output.Write(new JsonObject { ["error"] = error.Message });
                    return;
                }

                output.Write(answer);
            }
        }
        finally
        {
            queue.Complete();
        }
    }

    /// <summary>Writes whole JSON lines from any thread, flushing each.</summary>
    private sealed class LineWriter(TextWriter writer)
    {
        private readonly Lock _gate = new();

        public void Write(JsonObject message)
        {
            lock (_gate)
            {
                writer.WriteLine(message.ToJsonString());
                writer.Flush();
            }
        }
    }
}
