using Veil.He.Nn.Circuit;
using Veil.He.Rlwe;
using Veil.Nn;

namespace Veil.He.Nn.Planning;

/// <summary>Turns a model into an <see cref="InferencePlan"/>: compiles it (checking every layer), computes its depth and
/// picks 128-bit secure parameters that fit.</summary>
/// <remarks>Thread-safety: stateless; compiling runs the model's layers, so the model must not be used elsewhere meanwhile.</remarks>
public static class InferencePlanner
{
    /// <summary>What must change in <paramref name="model"/> before it can run under CKKS: one line per layer that
    /// cannot, naming it and its replacement; empty when every layer can.</summary>
    public static IReadOnlyList<string> RequiredChanges(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.Layers.Select((layer, i) => (layer, i, problem: Circuit.ModelCompiler.Problem(layer)))
            .Where(x => x.problem is not null)
            .Select(x => $"layer {x.i} ({x.layer}) {x.problem}")];
    }

    /// <summary>Plans <paramref name="model"/> in <paramref name="mode"/>.</summary>
    /// <exception cref="UnsupportedModelException">A layer cannot run under CKKS (ReLU, MaxPool, …), the circuit is too
    /// deep, or the mode is not available.</exception>
    public static InferencePlan Plan(Sequential model, PackingMode mode = PackingMode.Batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        HeCircuit circuit = ModelCompiler.Compile(model);
        ParametersLiteral literal = ParameterChooser.Choose(InferencePlan.DepthOf(circuit, mode));
        var parameters = Parameters.Create(literal);
        Latency.LatencyLayout? layout = mode == PackingMode.Latency ? Latency.LatencyLayout.Build(circuit, parameters.Slots) : null;
        var plan = new InferencePlan(circuit, mode, literal, parameters, layout);
        if (layout is not null && !plan.FitsMemory(out _))
        {
            // Too many Galois keys: keep babies below a small stride and compose giant rotations from powers of two.
            plan = new InferencePlan(circuit, mode, literal, parameters, Latency.LatencyLayout.Build(circuit, parameters.Slots, compactKeys: true));
        }

        return plan;
    }
}
