using System.Collections.Concurrent;
using CreditLedger.Api.Database;

using CreditLedger.Api.Engine;
using Microsoft.Extensions.Options;
using Npgsql;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Engine.Reservations;

/// <summary>
/// Releases reservations not settled within <see cref="EngineOptions.HoldTimeout"/>. State lives in the
/// database, so holds that expired while the service was down are released after it restarts. Each hold is
/// settled in its own transaction and its failure is its own: a hold that keeps failing is set aside (logged,
/// counted) and the sweep goes on with every other workspace's holds. With several instances, one sweeps at a time
/// (a transaction-scoped advisory lock held for the sweep); a second would be correct anyway (each release re-reads
/// its hold under the workspace lock) but would only queue behind the first on the same locks.
/// </summary>
public sealed class HoldExpiryService(
    NpgsqlDataSource database, CreditEngine engine, TimeProvider clock, IOptions<EngineOptions> options, ILogger<HoldExpiryService> logger)
    : BackgroundService
{
    /// <summary>Failures after which a hold is left out of sweeps until the service restarts.</summary>
    public const int MaxAttempts = 3;

    private const int PageSize = 100;

    /// <summary>The sweep's advisory lock key ("CLholdEx").</summary>
    private const long SweepLock = 0x434C686F6C644578;

    private readonly ConcurrentDictionary<(Guid WorkspaceId, Guid Id), int> failures = new();

    /// <summary>Holds set aside after repeated failures (for diagnostics and tests).</summary>
    public IReadOnlyCollection<(Guid WorkspaceId, Guid Id)> SetAside =>
        failures.Where(f => f.Value >= MaxAttempts).Select(f => f.Key).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HoldSweepInterval);
        do
        {
            try
            {
                var released = await ReleaseDueHoldsAsync(stoppingToken);
                if (released > 0)
                {
                    logger.LogInformation("Released {Count} timed-out holds", released);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(e, "Hold sweep failed; retrying next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Releases every pending hold past its expiry, each in its own transaction; returns how many (0 while another instance sweeps).</summary>
    public async Task<int> ReleaseDueHoldsAsync(CancellationToken ct)
    {
        await using var claim = await database.OpenConnectionAsync(ct);
        await using var sweep = await claim.BeginTransactionAsync(ct);
        await using (var command = Sql.Command(claim, "SELECT pg_try_advisory_xact_lock($1)", SweepLock))
        {
            if (await command.ExecuteScalarAsync(ct) is not true)
            {
                return 0;
            }
        }

        var released = 0;
        var after = (ExpiresAt: DateTimeOffset.UnixEpoch, WorkspaceId: Guid.Empty, Id: Guid.Empty);
        List<(DateTimeOffset ExpiresAt, Guid WorkspaceId, Guid Id)> due;
        do
        {
            due = await FindDueAsync(after, ct);
            foreach (var hold in due)
            {
                after = hold;
                if (failures.GetValueOrDefault((hold.WorkspaceId, hold.Id)) >= MaxAttempts)
                {
                    continue;
                }

                released += await TryReleaseAsync(hold.WorkspaceId, hold.Id, ct) ? 1 : 0;
            }
        }
        while (due.Count == PageSize);
        return released;
    }

    private async Task<bool> TryReleaseAsync(Guid workspaceId, Guid id, CancellationToken ct)
    {
        try
        {
            if (!await engine.ExpireHoldAsync(workspaceId, id, ct))
            {
                return false;
            }

            failures.TryRemove((workspaceId, id), out _);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = failures.AddOrUpdate((workspaceId, id), 1, (_, n) => n + 1);
            var setAside = attempts >= MaxAttempts;
            ServiceMeter.HoldSweepFailures.Add(1, new KeyValuePair<string, object?>("set_aside", setAside));
            logger.LogError(e, "Releasing timed-out hold {HoldId} of workspace {WorkspaceId} failed (attempt {Attempts}{SetAside})",
                id, workspaceId, attempts, setAside ? "; set aside until restart" : "");
            return false;
        }
    }

    private async Task<List<(DateTimeOffset, Guid, Guid)>> FindDueAsync((DateTimeOffset, Guid, Guid) after, CancellationToken ct)
    {
        await using var command = Sql.Command(database, $"""
            SELECT expires_at, workspace_id, id FROM enrichments
            WHERE status = 'pending' AND expires_at <= $1 AND (expires_at, workspace_id, id) > ($2, $3, $4)
            ORDER BY expires_at, workspace_id, id LIMIT {PageSize}
            """, clock.GetUtcNow(), after.Item1, after.Item2, after.Item3);
        var due = new List<(DateTimeOffset, Guid, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetGuid(1), reader.GetGuid(2)));
        }

        return due;
    }
}
