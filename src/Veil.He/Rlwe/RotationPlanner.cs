using System.Collections.Concurrent;

namespace Veil.He.Rlwe;

/// <summary>
/// Finds, for a rotation step, the shortest sequence of steps that have Galois keys (breadth-first search over the
/// cyclic group of slot offsets), so a rotation without its own key composes from the keys there are.
/// </summary>
/// <remarks>Thread-safety: immutable, with a concurrent cache; safe for concurrent use.</remarks>
internal sealed class RotationPlanner
{
    private readonly int _slots;
    private readonly (int Step, GaloisKey Key)[] _available;
    private readonly ConcurrentDictionary<int, (int Step, GaloisKey Key)[]> _plans = new();

    public RotationPlanner(EvaluationKeys keys)
    {
        Parameters parameters = keys.Parameters;
        _slots = parameters.Slots;
        var stepOfElement = new Dictionary<ulong, int>();
        for (int step = 1; step < _slots; step++)
        {
            stepOfElement[Automorphism.RotationElement(parameters.LogN, step)] = step;
        }

        _available = keys.GaloisKeys.Values
            .Where(k => stepOfElement.ContainsKey(k.GaloisElement))
            .Select(k => (stepOfElement[k.GaloisElement], k))
            .OrderBy(p => p.Item1)
            .ToArray();
    }

    /// <summary>The keyed steps (each in [1, slots)) whose sum is <paramref name="step"/> modulo the number of slots;
    /// empty for a multiple of it.</summary>
    /// <exception cref="MissingKeyException">No combination of the available keys gives the step.</exception>
    public (int Step, GaloisKey Key)[] Plan(int step)
    {
        int target = ((step % _slots) + _slots) % _slots;
        return target == 0 ? [] : _plans.GetOrAdd(target, Search);
    }

    private (int Step, GaloisKey Key)[] Search(int target)
    {
        var parent = new int[_slots];
        var via = new int[_slots];
        Array.Fill(parent, -1);
        parent[0] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0 && parent[target] < 0)
        {
            int at = queue.Dequeue();
            for (int k = 0; k < _available.Length; k++)
            {
                int next = (at + _available[k].Step) % _slots;
                if (parent[next] < 0)
                {
                    parent[next] = at;
                    via[next] = k;
                    queue.Enqueue(next);
                }
            }
        }

        if (parent[target] < 0)
        {
            throw new MissingKeyException(
                $"No Galois keys compose a rotation by {target} slots (keys exist for steps {string.Join(", ", _available.Select(a => a.Step))}). " +
                "Generate keys for this step, or the default power-of-two set.");
        }

        var plan = new List<(int, GaloisKey)>();
        for (int at = target; at != 0; at = parent[at])
        {
            plan.Add(_available[via[at]]);
        }

        plan.Reverse();
        return [.. plan];
    }
}
