using CreditLedger.Api.Database;
using CreditLedger.Api.Engine.Alerts;
using Microsoft.Extensions.Options;
using Npgsql;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Engine.Alerts;

/// <summary>
/// Raises <c>grant.expiring</c> once per grant that still has credit and expires within its workspace's horizon
/// (<c>expiringWithinDays</c>), for workspaces subscribed to it. One instance sweeps at a time (a transaction-scoped
/// advisory lock), and a unique mark per grant makes a second raise impossible even if two sweeps overlapped.
/// </summary>
public sealed class GrantExpirySweep(NpgsqlDataSource database, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<GrantExpirySweep> logger)
    : BackgroundService
{
    /// <summary>The sweep's advisory lock key ("CLgrntEx").</summary>
    private const long SweepLock = 0x434C67726E744578;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.ExpirySweepInterval, SweepAsync,
            e => logger.LogWarning(e, "The grant-expiry alert sweep failed; it runs again at the next interval"), stoppingToken);

    /// <summary>One sweep; returns the events raised (0 when another instance holds the sweep).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = Sql.Command(connection, "SELECT pg_try_advisory_xact_lock($1)", SweepLock))
        {
            if (await claim.ExecuteScalarAsync(ct) is not true)
            {
                return 0;
            }
        }

        var events = new List<OutboxEvent>();
        await using (var command = Sql.Command(connection, """
            INSERT INTO alert_marks (workspace_id, key, created_at)
            SELECT g.workspace_id, 'grant.expiring:' || g.id, $1
            FROM grants g JOIN workspaces w ON w.id = g.workspace_id
            WHERE 'grant.expiring' = ANY (w.webhook_event_types) AND g.has_remaining
              AND g.expires_at > $1 AND g.expires_at <= $1 + w.alert_expiring_within_days * interval '1 day'
            ON CONFLICT DO NOTHING
            RETURNING workspace_id, substr(key, length('grant.expiring:') + 1)::uuid
            """, now))
        {
            var marked = new List<(Guid WorkspaceId, Guid GrantId)>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    marked.Add((reader.GetGuid(0), reader.GetGuid(1)));
                }
            }

            events.AddRange(await DescribeAsync(connection, marked, now, ct));
        }

        await OutboxWriter.WriteAsync(connection, events, ct);
        await transaction.CommitAsync(ct);
        return events.Count;
    }

    private static async Task<List<OutboxEvent>> DescribeAsync(
        NpgsqlConnection connection, List<(Guid WorkspaceId, Guid GrantId)> marked, DateTimeOffset now, CancellationToken ct)
    {
        var events = new List<OutboxEvent>();
        if (marked.Count == 0)
        {
            return events;
        }

        await using var command = Sql.Command(connection, """
            SELECT g.workspace_id, g.id, g.currency, g.source, g.remaining, g.expires_at
            FROM grants g JOIN unnest($1::uuid[], $2::uuid[]) AS m(workspace_id, id) ON g.workspace_id = m.workspace_id AND g.id = m.id
            """, marked.Select(m => m.WorkspaceId).ToArray(), marked.Select(m => m.GrantId).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(OutboxEvent.Create(reader.GetGuid(0), EventTypes.GrantExpiring, now, new GrantExpiringData(
                reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetDecimal(4), reader.GetFieldValue<DateTimeOffset>(5))));
        }

        return events;
    }
}
