using Npgsql;

namespace CreditLedger.Api.Database.Replica;

/// <summary>
/// A request's read database, chosen once per attempt by <see cref="ReadRouting"/>. If the replica fails the request
/// (a standby stopped, a connection cut), the HTTP layer's replica fallback filter runs the handler again on the primary.
/// </summary>
public sealed class ReadSource(ReadRouting routing)
{
    private NpgsqlDataSource? chosen;

    internal bool PrimaryOnly { get; set; }

    /// <summary>Whether this attempt's reads went to the replica.</summary>
    internal bool UsedReplica => chosen is not null && !ReferenceEquals(chosen, routing.Primary);

    public NpgsqlDataSource Database => chosen ??= routing.Choose(PrimaryOnly);

    internal void Retry()
    {
        routing.ReplicaFailed();
        PrimaryOnly = true;
        chosen = null;
    }
}
