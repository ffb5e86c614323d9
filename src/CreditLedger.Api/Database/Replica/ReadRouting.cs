using System.Diagnostics.Metrics;
using Npgsql;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Database.Replica;

/// <summary>
/// Where the expensive reads (reports, the ledger listing, verify, the forecast's history) go: the streaming replica
/// while <see cref="ReplicaLagMonitor"/> last measured it within <see cref="ReplicaOptions.MaxLag"/>, otherwise the
/// primary's read pool. Without <c>ConnectionStrings:LedgerReplica</c> every read goes to the primary.
/// </summary>
public sealed class ReadRouting
{
    private static readonly Counter<long> Reads = ServiceMeter.Meter.CreateCounter<long>(
        "creditledger.reads", description: "Expensive reads by the database that answered them (primary or replica).");

    private volatile bool replicaFresh;
    private double lagSeconds = double.NaN;
    private long replicaReads;

    public ReadRouting([FromKeyedServices(DatabaseSetup.Reads)] NpgsqlDataSource primary, IServiceProvider services)
    {
        Primary = primary;
        Replica = services.GetKeyedService<NpgsqlDataSource>(DatabaseSetup.ReplicaReads);
        ServiceMeter.Meter.CreateObservableGauge("creditledger.replica.lag", () => Volatile.Read(ref lagSeconds), "s",
            "The replica's measured replay lag behind the primary (NaN while unmeasured or unreachable).");
    }

    public NpgsqlDataSource Primary { get; }

    public NpgsqlDataSource? Replica { get; }

    /// <summary>Whether reads go to the replica now.</summary>
    public bool ReplicaFresh => Replica is not null && replicaFresh;

    /// <summary>Reads sent to the replica so far (diagnostics and tests).</summary>
    public long ReplicaReads => Interlocked.Read(ref replicaReads);

    public NpgsqlDataSource Choose(bool primaryOnly)
    {
        var replica = !primaryOnly && ReplicaFresh;
        Reads.Add(1, new KeyValuePair<string, object?>("source", replica ? "replica" : "primary"));
        if (replica)
        {
            Interlocked.Increment(ref replicaReads);
        }

        return replica ? Replica! : Primary;
    }

    /// <summary>The monitor's latest measure: null when the replica could not be measured.</summary>
    public void Measured(TimeSpan? lag, TimeSpan maxLag)
    {
        Volatile.Write(ref lagSeconds, lag?.TotalSeconds ?? double.NaN);
        replicaFresh = lag is { } l && l <= maxLag;
    }

    /// <summary>A read on the replica failed: stop using it until the monitor measures it fresh again.</summary>
    public void ReplicaFailed() => replicaFresh = false;
}
