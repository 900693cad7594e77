namespace Veil.Mpc.Transport;

/// <summary>
/// Where an endpoint of a session listens and which certificate it must present: the SHA-256 hash of its DER
/// certificate, in hexadecimal (the pin).
/// </summary>
/// <param name="Id">The endpoint id (parties 0 .. n-1, then the dealer).</param>
/// <param name="Name">A name for messages and certificate subjects, e.g. "party0" or "dealer".</param>
/// <param name="Host">A host name or IP address.</param>
/// <param name="Port">The TCP port it listens on.</param>
/// <param name="CertificateSha256">The pinned certificate hash, 64 hexadecimal digits.</param>
/// <remarks>Thread-safety: immutable, safe from any thread.</remarks>
public sealed record TlsEndpoint(int Id, string Name, string Host, int Port, string CertificateSha256);
