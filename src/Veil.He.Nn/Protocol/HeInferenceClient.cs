using Veil.He.Ckks;
using Veil.He.Nn.Planning;
using Veil.He.Rlwe;
using Veil.Tensors;

namespace Veil.He.Nn.Protocol;

/// <summary>
/// The client's side of encrypted inference: it holds the secret key, makes the public evaluation keys the server
/// needs (only those of the plan), encrypts images (seeded symmetric encryption, half the upload) and decrypts logits.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (encoder and encryptor hold scratch).</remarks>
public sealed class HeInferenceClient
{
    private readonly SecretKey _secretKey;
    private readonly CkksEncoder _encoder;
    private readonly SymmetricEncryptor _encryptor;
    private readonly Decryptor _decryptor;

    /// <summary>Creates a client for <paramref name="plan"/> with <paramref name="secretKey"/>, or a fresh one.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    /// <param name="plan">The plan.</param>
    /// <param name="secretKey">The secret key to use, or null for a fresh one.</param>
    /// <param name="threads">Threads a batch encryption uses; 0 for one per processor.</param>
    public HeInferenceClient(InferencePlan plan, SecretKey? secretKey = null, int threads = 0)
        : this(Guard.NotNull(plan).Parameters, plan.ClientProfile, secretKey, threads)
    {
    }

    /// <summary>Creates a client from the parameters and profile (no model needed) with <paramref name="secretKey"/>, or a
    /// fresh one.</summary>
    /// <exception cref="ParameterMismatchException">The key belongs to other parameters.</exception>
    /// <param name="parameters">The CKKS parameters of the plan.</param>
    /// <param name="profile">What the client knows of the plan.</param>
    /// <param name="secretKey">The secret key to use, or null for a fresh one.</param>
    /// <param name="threads">Threads a batch encryption uses; 0 for one per processor.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is negative.</exception>
    public HeInferenceClient(Parameters parameters, ClientProfile profile, SecretKey? secretKey = null, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Threads = threads;
        Parameters = parameters;
        Profile = profile;
        if (secretKey is not null && !secretKey.Parameters.Equals(parameters))
        {
            throw new ParameterMismatchException(
                $"the secret key was made under other CKKS parameters ({secretKey.Parameters.ShortId}) than those of model '{profile.ModelName}' ({parameters.ShortId}).");
        }

        _secretKey = secretKey ?? new KeyGenerator(parameters).GenSecretKeyNew();
        _encoder = new CkksEncoder(parameters);
        _encryptor = new SymmetricEncryptor(parameters, _secretKey);
        _decryptor = new Decryptor(parameters, _secretKey);
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>Threads a batch encryption uses (0: one per processor).</summary>
    public int Threads { get; }

    /// <summary>What the client knows of the plan.</summary>
    public ClientProfile Profile { get; }

    /// <summary>The secret key (to save it; never send it).</summary>
    public SecretKey SecretKey => _secretKey;

    /// <summary>Makes the public evaluation keys of the plan: the relinearization key and the plan's rotations only.</summary>
    public EvaluationKeys GenerateEvaluationKeys() =>
        new KeyGenerator(Parameters).GenEvaluationKeysNew(_secretKey, rotationSteps: Profile.RotationSteps, conjugation: false);

    /// <summary>Encrypts a pass of images: ciphertext p holds pixel p of every image (image i in slot i).</summary>
    /// <param name="images">[n, ...] with the model's input size per image, preprocessed; n ≤ the profile's MaxBatchSize.</param>
    /// <exception cref="ArgumentException">The shape is wrong or there are too many images.</exception>
    public EncryptedValues Encrypt(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = images.Shape[0];
        int size = Profile.InputCount;
        Guard.IsTrue(n > 0 && images.Length == n * size, nameof(images), $"must hold n images of {size} values; has shape {images.Shape}");
        Guard.IsTrue(n <= Profile.MaxBatchSize, nameof(images), $"holds {n} images; one pass takes at most {Profile.MaxBatchSize}");
        ReadOnlySpan<float> data = images.Span;
        SeededCiphertext[] seeded;
        if (Profile.Mode == PackingMode.Latency)
        {
            var plaintext = new Plaintext(Parameters, Parameters.MaxLevel, Parameters.DefaultScale);
            // One image: slot s holds pixel InputSlots[s] (im2col layouts repeat pixels).
            var slots = new double[Parameters.Slots];
            for (int s = 0; s < Profile.InputSlots.Count; s++)
            {
                int pixel = Profile.InputSlots[s];
                slots[s] = pixel < 0 ? 0 : data[pixel];
            }

            _encoder.Encode(slots, plaintext);
            seeded = [_encryptor.EncryptSeededNew(plaintext)];
        }
        else
        {
            // One ciphertext per pixel, independent of the others: each thread encrypts a range of pixels with its own
            // encoder scratch, encryptor and plaintext.
            seeded = new SeededCiphertext[size];
            ChunkedParallel.For(size, Threads, (start, end) =>
            {
                ReadOnlySpan<float> pixels = images.Span;
                CkksEncoder encoder = _encoder.ShallowCopy();
                var encryptor = new SymmetricEncryptor(Parameters, _secretKey);
                var own = new Plaintext(Parameters, Parameters.MaxLevel, Parameters.DefaultScale);
                var column = new double[n];
                for (int p = start; p < end; p++)
                {
                    for (int i = 0; i < n; i++)
                    {
                        column[i] = pixels[(i * size) + p];
                    }

                    encoder.Encode(column, own);
                    seeded[p] = encryptor.EncryptSeededNew(own);
                }
            });
        }

        return new EncryptedValues(Parameters, Profile.ModelName, EncryptedValuesKind.Inputs, n, seeded);
    }

    /// <summary>Decrypts the logits of a pass into <paramref name="logits"/> ([n, classes]).</summary>
    /// <exception cref="ParameterMismatchException">The values were made under other parameters.</exception>
    /// <exception cref="VeilFormatException">They are not this model's encrypted logits.</exception>
    /// <exception cref="ArgumentException">The destination's shape is wrong.</exception>
    public void Decrypt(EncryptedValues outputs, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(logits);
        if (!outputs.Parameters.Equals(Parameters))
        {
            throw new ParameterMismatchException($"the logits were encrypted under other CKKS parameters than the plan of model '{Profile.ModelName}'.");
        }

        int classes = Profile.OutputCount;
        int expected = Profile.Mode == PackingMode.Latency ? 1 : classes;
        if (outputs.Kind != EncryptedValuesKind.Outputs || outputs.Count != expected)
        {
            throw new VeilFormatException($"expected {classes} encrypted logits of model '{Profile.ModelName}', got {outputs.Count} ciphertexts of {outputs.Kind.ToString().ToLowerInvariant()}.");
        }

        int n = outputs.ImageCount;
        Guard.IsTrue(logits.Length == n * classes, nameof(logits), $"has shape {logits.Shape}; expected [{n}, {classes}]");
        Span<float> destination = logits.Span;
        var slots = new double[Parameters.Slots];
        if (Profile.Mode == PackingMode.Latency)
        {
            _encoder.Decode(_decryptor.DecryptNew(outputs.Ciphertexts[0]), slots);
            for (int c = 0; c < classes; c++)
            {
                destination[c] = (float)slots[c];
            }

            return;
        }

        for (int c = 0; c < classes; c++)
        {
            _encoder.Decode(_decryptor.DecryptNew(outputs.Ciphertexts[c]), slots);
            for (int i = 0; i < n; i++)
            {
                destination[(i * classes) + c] = (float)slots[i];
            }
        }
    }

    /// <summary>Decrypts the logits of a pass.</summary>
    /// <exception cref="ParameterMismatchException">The values were made under other parameters.</exception>
    /// <exception cref="VeilFormatException">They are not this model's encrypted logits.</exception>
    public Tensor DecryptNew(EncryptedValues outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var logits = new Tensor(outputs.ImageCount, Profile.OutputCount);
        Decrypt(outputs, logits);
        return logits;
    }
}
