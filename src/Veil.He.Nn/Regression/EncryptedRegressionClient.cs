using Veil.He.Ckks;
using Veil.He.Rlwe;

namespace Veil.He.Nn.Regression;

/// <summary>
/// The data owner of encrypted logistic-regression training: holds the secret key, encrypts the data set column by
/// column, and between epochs refreshes the model (decrypts the server's updated parameters and encrypts them anew at
/// the top level, as TenSEAL's tutorial does), which is when it learns the model.
/// </summary>
/// <remarks>Thread-safety: not safe for concurrent use (its encryptor holds a random source and scratch).</remarks>
public sealed class EncryptedRegressionClient
{
    /// <summary>N = 8192; Q = 38 + 4 × 32 bits, P = 50 bits (216 bits, 128-bit secure): an epoch's depth of 4 at scale
    /// 2^32, with q_0 leaving values up to ±2^5. P is 12 bits above q_0, so the key switching of the slot sums at level 0
    /// adds noise about 2^-12 of the rounding's (with P below q_0 it dominated every other error).</summary>
    public static ParametersLiteral Literal { get; } = new() { LogN = 13, LogQ = [38, 32, 32, 32, 32], LogP = [50], LogDefaultScale = 32 };

    private readonly SecretKey _secretKey;
    private readonly CkksEncoder _encoder;
    private readonly SymmetricEncryptor _encryptor;
    private readonly Decryptor _decryptor;

    /// <summary>Creates a client with a fresh secret key for <see cref="Literal"/>.</summary>
    public EncryptedRegressionClient()
    {
        Parameters = Parameters.Create(Literal);
        _secretKey = new KeyGenerator(Parameters).GenSecretKeyNew();
        _encoder = new CkksEncoder(Parameters);
        _encryptor = new SymmetricEncryptor(Parameters, _secretKey);
        _decryptor = new Decryptor(Parameters, _secretKey);
    }

    /// <summary>The parameters.</summary>
    public Parameters Parameters { get; }

    /// <summary>The server's keys: relinearization and the rotations by 1, 2, 4, … that sum <paramref name="count"/>
    /// examples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, N/2].</exception>
    public EvaluationKeys GenerateEvaluationKeys(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Parameters.Slots);
        var steps = new List<int>();
        for (int step = 1; step < EncryptedRegressionServer.SumWidth(count); step <<= 1)
        {
            steps.Add(step);
        }

        return new KeyGenerator(Parameters).GenEvaluationKeysNew(_secretKey, steps, conjugation: false);
    }

    /// <summary>Encrypts <paramref name="data"/> column by column, with a column of ones for the bias.</summary>
    /// <exception cref="ArgumentException">There are more examples than slots.</exception>
    public EncryptedDataset Encrypt(BinaryDigits data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Guard.IsTrue(data.Count <= Parameters.Slots && data.Count > 0, nameof(data), $"must hold 1 to {Parameters.Slots} examples, not {data.Count}");
        var columns = new Ciphertext[data.Features + 1];
        long bytes = 0;
        double[] column = new double[data.Count];
        for (int j = 0; j <= data.Features; j++)
        {
            for (int i = 0; i < data.Count; i++)
            {
                column[i] = j < data.Features ? data.Feature(i, j) : 1.0;
            }

            SeededCiphertext sent = _encryptor.EncryptSeededNew(_encoder.EncodeNew(column));
            bytes += sent.SerializedSize;
            columns[j] = sent.Expand();
        }

        for (int i = 0; i < data.Count; i++)
        {
            column[i] = data.Label(i);
        }

        SeededCiphertext labels = _encryptor.EncryptSeededNew(_encoder.EncodeNew(column));
        bytes += labels.SerializedSize;
        return new EncryptedDataset(columns, labels.Expand(), data.Count, bytes);
    }

    /// <summary>Encrypts <paramref name="model"/> with each parameter in every slot, at the top level.</summary>
    public EncryptedLogisticModel Encrypt(LogisticModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double[] replicated = new double[Parameters.Slots];
        long bytes = 0;
        return new EncryptedLogisticModel([.. model.Weights.Append(model.Bias).Select(value =>
        {
            Array.Fill(replicated, value);
            SeededCiphertext sent = _encryptor.EncryptSeededNew(_encoder.EncodeNew(replicated));
            bytes += sent.SerializedSize;
            return sent.Expand();
        })], bytes);
    }

    /// <summary>Decrypts the parameters the server updated (slot 0 of each).</summary>
    public LogisticModel Decrypt(EncryptedLogisticModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double[] values = [.. model.Parameters.Select(c => _encoder.DecodeNew(_decryptor.DecryptNew(c))[0])];
        return new LogisticModel(values[..^1], values[^1]);
    }
}
