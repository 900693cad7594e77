using System.Collections.Concurrent;

namespace Veil.Mpc.Nn;

/// <summary>
/// The client's handle on a serving secure-inference session (<see cref="SecureInferenceJob.Serve"/>): the data
/// owner's protocol thread takes the batches handed to <see cref="Classify"/> one at a time, runs each with the other
/// parties, and hands the predicted classes back. The party processes, their TLS connections and the shared weights
/// stay up between batches, so a batch costs only its protocol.
/// </summary>
/// <remarks>Thread-safety: thread-safe. Any thread may call <see cref="Classify"/> (batches are served in order) and
/// <see cref="Complete"/>; only the session's protocol thread takes requests.</remarks>
public sealed class SecureInferenceQueue : IDisposable
{
    private readonly BlockingCollection<Request> _requests = new();
    private readonly object _gate = new();
    private readonly List<Request> _pending = [];
    private Exception? _failure;

    /// <summary>Creates a queue for batches of at most <paramref name="maxBatch"/> inputs of <paramref name="inputSize"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public SecureInferenceQueue(int maxBatch, int inputSize)
    {
        MaxBatch = Guard.Positive(maxBatch);
        InputSize = Guard.Positive(inputSize);
    }

    /// <summary>The largest batch the session takes (public: every party sizes its buffers by it).</summary>
    public int MaxBatch { get; }

    /// <summary>Values per input.</summary>
    public int InputSize { get; }

    /// <summary>Classifies <paramref name="count"/> inputs securely and waits for the classes.</summary>
    /// <param name="inputs">count × <see cref="InputSize"/> values, preprocessed as the model expects.</param>
    /// <param name="count">Inputs in the batch, 1 ≤ count ≤ <see cref="MaxBatch"/>.</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <exception cref="ArgumentException">The count or the length of <paramref name="inputs"/> is wrong.</exception>
    /// <exception cref="MpcProtocolException">The session failed (a peer disconnected or sent garbage), did not answer
    /// within <paramref name="timeout"/>, or was completed.</exception>
    public SecureBatchResult Classify(ReadOnlySpan<float> inputs, int count, TimeSpan timeout)
    {
        Guard.InRange(count, 1, MaxBatch);
        Guard.LengthEquals(inputs.Length, count * InputSize, nameof(inputs));
        var request = new Request(inputs.ToArray(), count);
        lock (_gate)
        {
            ThrowIfFailed();
            if (_requests.IsAddingCompleted)
            {
                throw new MpcProtocolException("the secure inference session is closed.");
            }

            _pending.Add(request);
            _requests.Add(request);
        }

        bool answered;
        try
        {
            answered = request.Answer.Task.Wait(timeout);
        }
        catch (AggregateException failure)
        {
            throw Unwrap(failure);
        }

        return answered ? request.Answer.Task.Result
            : throw new MpcProtocolException($"the secure inference session did not answer within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Ends the session: the protocol thread tells the parties no batch follows, and they finish.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _requests.CompleteAdding();
        }
    }

    /// <summary>Records that the session failed: pending and later <see cref="Classify"/> calls throw it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            _failure ??= error;
            _requests.CompleteAdding();
            foreach (Request request in _pending)
            {
                request.Answer.TrySetException(error);
            }

            _pending.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Complete();
        _requests.Dispose();
    }

    /// <summary>The next batch, or null when the session is complete (the protocol thread's side).</summary>
    internal Request? Next()
    {
        try
        {
            return _requests.Take();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Hands a batch's answer back.</summary>
    internal void Answer(Request request, SecureBatchResult result)
    {
        lock (_gate)
        {
            _pending.Remove(request);
        }

        request.Answer.TrySetResult(result);
    }

    private static MpcProtocolException Unwrap(AggregateException aggregate)
    {
        Exception error = aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
        return error as MpcProtocolException ?? new MpcProtocolException($"secure inference failed: {error.Message}", error);
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new MpcProtocolException(failure is MpcProtocolException ? failure.Message : $"secure inference failed: {failure.Message}", failure);
        }
    }

    /// <summary>One batch in flight.</summary>
    internal sealed class Request(float[] inputs, int count)
    {
        public float[] Inputs { get; } = inputs;

        public int Count { get; } = count;

        public TaskCompletionSource<SecureBatchResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
