using Veil.He.Ckks;
using Veil.He.Nn.Circuit;
using Veil.He.Nn.Planning;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// The server's side of encrypted inference: it holds the model (through its plan) and the client's public
/// <see cref="EvaluationKeys"/>, and turns encrypted images into encrypted logits. It is built without a secret key and
/// has no member that takes or returns one: nothing reachable from it can decrypt.
/// </summary>
/// <remarks>Thread-safety: one <see cref="Infer"/> at a time (it uses its threads inside).</remarks>
public sealed class HeInferenceServer
{
    private readonly BatchCircuitRunner? _batch;
    private readonly Latency.LatencyCircuitRunner? _latency;

    /// <summary>Creates the server.</summary>
    /// <param name="plan">The model's plan (the same the client derived).</param>
    /// <param name="evaluationKeys">The client's public evaluation keys.</param>
    /// <param name="threads">Threads for one pass; 0 for all processors.</param>
    /// <exception cref="ParameterMismatchException">The keys belong to other parameters.</exception>
    /// <exception cref="MissingKeyException">The keys have no relinearization key.</exception>
    /// <exception cref="UnsupportedModelException">A pass would need more than half the machine's memory.</exception>
    public HeInferenceServer(InferencePlan plan, EvaluationKeys evaluationKeys, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(evaluationKeys);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (!evaluationKeys.Parameters.Equals(plan.Parameters))
        {
            throw new ParameterMismatchException(
                $"the evaluation keys were made under other CKKS parameters ({evaluationKeys.Parameters.ShortId}) than the plan of model '{plan.ModelName}' " +
                $"({plan.Parameters.ShortId}); make keys for this model and mode.");
        }

        if (evaluationKeys.Relinearization is null)
        {
            throw new MissingKeyException("the evaluation keys hold no relinearization key, which the model's squares need.");
        }

        if (!plan.FitsMemory(out string reason))
        {
            throw new UnsupportedModelException(reason);
        }

        Plan = plan;
        var evaluator = new CkksEvaluator(plan.Parameters, evaluationKeys);
        int workers = threads == 0 ? Environment.ProcessorCount : threads;
        if (plan.Layout is null)
        {
            _batch = new BatchCircuitRunner(plan.Circuit, evaluator, workers);
        }
        else
        {
            _latency = new Latency.LatencyCircuitRunner(plan.Circuit, plan.Layout, evaluator, workers);
        }
    }

    /// <summary>The plan.</summary>
    public InferencePlan Plan { get; }

    /// <summary>Seconds each circuit stage took in the last <see cref="Infer"/> (in the order of the plan's stages).</summary>
    public IReadOnlyList<double> LastStageSeconds => _batch?.StageSeconds ?? _latency!.StageSeconds;

    /// <summary>Computes the encrypted logits of a pass.</summary>
    /// <exception cref="ParameterMismatchException">The inputs were made under other parameters.</exception>
    /// <exception cref="VeilFormatException">The inputs are not this model's encrypted images.</exception>
    public EncryptedValues Infer(EncryptedValues inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!inputs.Parameters.Equals(Plan.Parameters))
        {
            throw new ParameterMismatchException($"the inputs were encrypted under other CKKS parameters than the plan of model '{Plan.ModelName}'.");
        }

        if (inputs.Kind != EncryptedValuesKind.Inputs || inputs.Count != Plan.InputCiphertexts)
        {
            throw new VeilFormatException(
                $"expected {Plan.InputCiphertexts} encrypted inputs for model '{Plan.ModelName}' in {Plan.Mode.ToString().ToLowerInvariant()} packing, " +
                $"got {inputs.Count} ciphertexts of {inputs.Kind.ToString().ToLowerInvariant()}; were they encrypted for the other packing mode?");
        }

        if (!string.Equals(inputs.ModelName, Plan.ModelName, StringComparison.Ordinal))
        {
            throw new VeilFormatException($"the inputs were encrypted for model '{inputs.ModelName}', not '{Plan.ModelName}'.");
        }

        Ciphertext[] outputs = _batch is not null ? _batch.Run(inputs.Ciphertexts) : [_latency!.Run(inputs.Ciphertexts[0])];
        return new EncryptedValues(Plan.Parameters, Plan.ModelName, EncryptedValuesKind.Outputs, inputs.ImageCount, outputs);
    }
}
