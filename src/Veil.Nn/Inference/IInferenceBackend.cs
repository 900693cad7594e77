namespace Veil.Nn.Inference;

/// <summary>
/// A way to run a model's inference: in the clear (<see cref="PlainBackend"/>), or under homomorphic encryption or
/// secure multi-party computation (implemented in the adapter assemblies). <c>veil eval --backend NAME</c> and
/// <c>veil demo</c> pick backends from the set the command-line tool registers.
/// </summary>
/// <remarks>Thread-safety: implementations must allow <see cref="Open"/> from any thread; sessions need not be thread-safe.</remarks>
public interface IInferenceBackend
{
    /// <summary>The name on the command line: <c>plain</c>, <c>he</c>, <c>mpc</c>.</summary>
    string Name { get; }

    /// <summary>One line for help and tables.</summary>
    string Description { get; }

    /// <summary>How many test images <c>veil demo</c> evaluates with this backend (all 10,000 in the clear; fewer
    /// for slow secure backends).</summary>
    int DemoImages { get; }

    /// <summary>Whether this backend can run <paramref name="model"/>; when not, <paramref name="reason"/> says why
    /// (e.g. "ReLU is not a polynomial").</summary>
    bool Supports(Sequential model, out string reason);

    /// <summary>Prepares to run <paramref name="model"/> (keys, encoded weights, connections): the setup cost,
    /// which <see cref="BackendEvaluator"/> reports apart from the per-image time.</summary>
    /// <exception cref="VeilException">The model cannot run on this backend.</exception>
    IInferenceSession Open(Sequential model);
}
