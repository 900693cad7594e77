namespace Veil.Nn.Inference;

/// <summary>
/// The names under which sessions report measurements in <see cref="IInferenceSession.Metrics"/>, so that
/// <c>veil eval</c> and <c>veil compare</c> read every backend alike. Values are totals since the session opened
/// unless the name says otherwise; a backend reports only the names that apply to it.
/// </summary>
/// <remarks>Thread-safety: constants only.</remarks>
public static class InferenceMetrics
{
    /// <summary>Bytes sent over the network by all parties (MPC), in total.</summary>
    public const string Bytes = "bytes";

    /// <summary>Communication rounds (MPC), in total.</summary>
    public const string Rounds = "rounds";

    /// <summary>Bytes the client uploads (HE ciphertexts), in total.</summary>
    public const string BytesIn = "bytes_in";

    /// <summary>Bytes the client downloads (HE result ciphertexts), in total.</summary>
    public const string BytesOut = "bytes_out";

    /// <summary>Size of the public evaluation keys the server holds (HE), in bytes.</summary>
    public const string EvalKeysBytes = "eval_keys_bytes";

    /// <summary>The largest absolute difference between a decrypted logit and the plaintext model's (HE).</summary>
    public const string MaxLogitError = "max_logit_error";

    /// <summary>Seconds spent in preprocessing (MPC dealer, key generation), in total.</summary>
    public const string PreprocessingSeconds = "preprocessing_seconds";

    /// <summary>Images inferred so far; per-image figures divide totals by it.</summary>
    public const string Images = "images";
}
