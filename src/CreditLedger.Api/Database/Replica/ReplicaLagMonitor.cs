using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CreditLedger.Api.Database.Replica;

/// <summary>
/// Measures how far the replica's replay is behind the primary, needing no monitoring privileges: every poll it notes
/// the primary's current WAL position with the time, and the lag is the age of the oldest noted position the replica
/// has not replayed yet (0 when it has replayed them all). A replica that cannot be reached, or is no longer in
/// recovery (promoted, so no longer following this primary), is not used.
/// </summary>
public sealed class ReplicaLagMonitor(
    NpgsqlDataSource primary, ReadRouting routing, IOptions<ReplicaOptions> options, ILogger<ReplicaLagMonitor> logger)
    : BackgroundService
{
    private readonly Queue<(DateTimeOffset At, NpgsqlLogSequenceNumber Position)> noted = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (routing.Replica is not { } replica)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            var lag = await MeasureAsync(replica, stoppingToken);
            routing.Measured(lag, options.Value.MaxLag);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default));
    }

    private async Task<TimeSpan?> MeasureAsync(NpgsqlDataSource replica, CancellationToken ct)
    {
        try
        {
            var now = DateTimeOffset.UtcNow; // real time: replication lag is wall-clock, whatever the ledger's clock says
            await using (var position = primary.CreateCommand("SELECT pg_current_wal_lsn()"))
            {
                noted.Enqueue((now, (NpgsqlLogSequenceNumber)(await position.ExecuteScalarAsync(ct))!));
            }

            while (noted.Count > 1 && now - noted.Peek().At > options.Value.MaxLag * 4)
            {
                noted.Dequeue();
            }

            await using var replay = replica.CreateCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()");
            await using var reader = await replay.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (!reader.GetBoolean(0) || reader.IsDBNull(1))
            {
                return null;
            }

            var replayed = reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
            var behind = noted.Where(n => n.Position > replayed).Select(n => now - n.At).DefaultIfEmpty(TimeSpan.Zero).Max();
            return behind;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            logger.LogDebug(e, "Replica lag not measured; reads go to the primary");
            return null;
        }
    }
}
