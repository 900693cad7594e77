using System.Text.Json.Nodes;
using Veil.Mpc.Preprocessing;
using Veil.Mpc.Transport;
using Veil.Security;

namespace Veil.Mpc.Deployment;

/// <summary>
/// Runs one endpoint of a session from its parties file, as its own process does (<c>veil mpc party --config FILE
/// --id I</c>): loads the endpoint's certificate, connects to every peer over mutually authenticated TLS, then
/// serves as the dealer or runs the job as a party. On any failure the endpoint aborts its links, so the others stop
/// at once, and the error propagates to the caller.
/// </summary>
/// <remarks>Thread-safety: stateless; each call runs one endpoint on the calling thread.</remarks>
public static class PartyRunner
{
    /// <summary>Runs endpoint <paramref name="endpoint"/> (a party id, or the dealer's id) and returns its report.</summary>
    /// <param name="config">The session.</param>
    /// <param name="endpoint">The endpoint to run.</param>
    /// <param name="jobs">The job kinds this process can run.</param>
    /// <param name="progress">Called with short status lines ("connected", "done"), or null.</param>
    /// <exception cref="VeilFormatException">The job is unknown or invalid, or the certificate file is unreadable.</exception>
    /// <exception cref="FileNotFoundException">The endpoint's certificate file is missing.</exception>
    /// <exception cref="MpcAuthenticationException">A peer's certificate is not pinned, or a peer refused ours.</exception>
    /// <exception cref="PeerFailedException">A peer failed, disconnected or timed out.</exception>
    /// <exception cref="MpcProtocolException">A peer sent malformed data.</exception>
    public static JsonObject Run(SessionConfig config, int endpoint, MpcJobCatalog jobs, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Guard.InRange(endpoint, 0, config.LastEndpointId);
        using var certificate = PinnedCertificates.LoadPfx(config.CertificatePath(endpoint));
        return Run(config, endpoint, certificate, jobs, progress);
    }

    /// <summary>
    /// Runs endpoint <paramref name="endpoint"/> with <paramref name="certificate"/> as its identity, e.g. a key made in
    /// this process's memory that no file ever held, and returns its report.
    /// </summary>
    /// <param name="config">The session.</param>
    /// <param name="endpoint">The endpoint to run.</param>
    /// <param name="certificate">This endpoint's certificate with its private key; its pin must be the session's.</param>
    /// <param name="jobs">The job kinds this process can run.</param>
    /// <param name="progress">Called with short status lines ("connected", "done"), or null.</param>
    /// <exception cref="VeilFormatException">The job is unknown or invalid.</exception>
    /// <exception cref="MpcAuthenticationException">The certificate is not the one the session pins for this endpoint,
    /// a peer's certificate is not pinned, or a peer refused ours.</exception>
    /// <exception cref="PeerFailedException">A peer failed, disconnected or timed out.</exception>
    /// <exception cref="MpcProtocolException">A peer sent malformed data.</exception>
    public static JsonObject Run(SessionConfig config, int endpoint, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, MpcJobCatalog jobs, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(jobs);
        Guard.InRange(endpoint, 0, config.LastEndpointId);
        if (!string.Equals(TlsTransport.Pin(certificate), config.Endpoints[endpoint].CertificateSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new MpcAuthenticationException($"this process's certificate is not the one the session pins for {config.Endpoints[endpoint].Name}.");
        }

        bool dealer = config.HasDealer && endpoint == config.DealerId;
        IMpcJob? job = dealer ? null : jobs.Create(config.Job ?? throw new VeilFormatException("The parties file describes no job for the parties to run."));

        using var transport = TlsTransport.Connect(config.Endpoints, endpoint, certificate, config.TransportOptions);
        progress?.Invoke("connected");
        if (dealer)
        {
            DealerReport report = new DealerService(transport, config.Parties, config.DealerIdleTimeout).Run();
            progress?.Invoke("done");
            return new JsonObject
            {
                ["role"] = "dealer",
                ["requests"] = report.Requests,
                ["bytes_sent"] = report.BytesSent,
                ["seconds"] = report.Elapsed.TotalSeconds,
            };
        }

        var context = config.HasDealer
            ? MpcContext.CreateWithDealer(transport, endpoint, config.Parties, new FixedPointFormat(config.FractionalBits))
            : CreateDealerFree(config, endpoint, transport, jobs);
        try
        {
            progress?.Invoke("running");
            JsonObject result = job!.Run(context);
            result["role"] = "party";
            result["party"] = endpoint;
            progress?.Invoke("done");
            return result;
        }
        catch (Exception ex)
        {
            context.Abort(ex.Message);
            throw;
        }
        finally
        {
            context.Dispose();
        }
    }

    private static MpcContext CreateDealerFree(SessionConfig config, int endpoint, TlsTransport transport, MpcJobCatalog jobs)
    {
        ITripleSource triples;
        try
        {
            triples = jobs.CreatePreprocessing(config.Preprocessing, transport, endpoint);
        }
        catch (Exception ex)
        {
            transport.Abort(ex.Message);
            throw;
        }

        try
        {
            return MpcContext.Create(transport, endpoint, config.Parties, triples, new FixedPointFormat(config.FractionalBits));
        }
        catch
        {
            triples.Dispose();
            throw;
        }
    }
}
