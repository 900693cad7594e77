using Veil.Nn.Data;

namespace Veil.Federated.Service.Hosting;

/// <summary>
/// A data owner's local training for one round: from the <paramref name="global"/> weights of zoo model
/// <paramref name="model"/>, writes the update (trained weights minus global) to <paramref name="update"/>.
/// <see cref="FederatedClient.RunAsync(MnistDataset, Training.FederatedStrategy, CancellationToken)"/> uses Veil.Nn's
/// SGD; tests and other data owners may supply their own.
/// </summary>
/// <remarks>Thread-safety: a client calls its trainer from one run at a time.</remarks>
/// <param name="model">The zoo model the coordinator trains.</param>
/// <param name="global">The global weights of the round.</param>
/// <param name="round">The round (seeds the local shuffling).</param>
/// <param name="update">Receives the update; as long as <paramref name="global"/>.</param>
/// <param name="cancellationToken">Stops the training.</param>
public delegate void LocalTrainer(string model, ReadOnlySpan<float> global, int round, Span<float> update, CancellationToken cancellationToken);
