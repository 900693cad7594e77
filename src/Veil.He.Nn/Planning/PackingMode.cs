namespace Veil.He.Nn.Planning;

/// <summary>How images are laid out in ciphertext slots.</summary>
public enum PackingMode
{
    /// <summary>SIMD across images (CryptoNets): slot i of every ciphertext belongs to image i; every activation value is
    /// one ciphertext; no rotations. Up to N/2 images per pass.</summary>
    Batch,

    /// <summary>One image spread across the slots of few ciphertexts (diagonal method with rotations).</summary>
    Latency,
}
