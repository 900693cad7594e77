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
        if (mode == PackingMode.Batch)
        {
            ParametersLiteral literal = ParameterChooser.Choose(circuit.Depth);
            return new InferencePlan(circuit, mode, literal, Parameters.Create(literal), null);
        }

        InferencePlan plan = LatencyPlan(circuit, compactKeys: false);
        if (!plan.FitsMemory(out _))
        {
            // Too many Galois keys: keep babies below a small stride and compose giant rotations from powers of two.
            plan = LatencyPlan(circuit, compactKeys: true);
        }

        return plan;
    }

    /// <summary>The latency plan: its depth depends on the layout (in-place poolings use no level) and the layout on
    /// the slots, so parameters are chosen for the stage count first, then again for the layout's depth, until the two
    /// agree (the layout never needs more levels than stages).</summary>
    private static InferencePlan LatencyPlan(HeCircuit circuit, bool compactKeys)
    {
        int depth = circuit.Stages.Count;
        ParametersLiteral literal = ParameterChooser.Choose(depth);
        var parameters = Parameters.Create(literal);
        var layout = Latency.LatencyLayout.Build(circuit, parameters.Slots, compactKeys);
        for (int round = 0; round < 4 && layout.Depth != depth; round++)
        {
            depth = layout.Depth;
            literal = ParameterChooser.Choose(depth);
            parameters = Parameters.Create(literal);
            layout = Latency.LatencyLayout.Build(circuit, parameters.Slots, compactKeys);
        }

        if (layout.Depth > parameters.MaxLevel)
        {
            throw new UnsupportedModelException($"the latency layout of '{circuit.ModelName}' needs {layout.Depth} levels; the parameters have {parameters.MaxLevel}.");
        }

        return new InferencePlan(circuit, PackingMode.Latency, literal, parameters, layout);
    }
}
