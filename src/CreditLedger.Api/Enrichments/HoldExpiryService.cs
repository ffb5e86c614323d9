using CreditLedger.Api.Infrastructure;
using CreditLedger.Api.Ledger;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Enrichments;

/// <summary>
/// Releases reservations not settled within <see cref="LedgerOptions.HoldTimeout"/>. State lives in the
/// database, so holds that expired while the service was down are released after it restarts.
/// </summary>
public sealed class HoldExpiryService(
    NpgsqlDataSource database, LedgerSessionFactory ledger, TimeProvider clock, IOptions<LedgerOptions> options, ILogger<HoldExpiryService> logger)
    : BackgroundService
{
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

    private const int PageSize = 100;

    /// <summary>Releases every pending hold past its expiry, each in its own transaction; returns how many.</summary>
    public async Task<int> ReleaseDueHoldsAsync(CancellationToken ct)
    {
        var released = 0;
        List<(Guid, Guid)> due;
        do
        {
            due = await FindDueAsync(ct);

            foreach (var (workspaceId, id) in due)
            {
                await using var session = await ledger.BeginAsync(ct);
                var book = (await session.LockAsync(workspaceId, ct))!;
                var row = await EnrichmentRow.FindAsync(session.Connection, workspaceId, id, ct);
                if (row is { Status: EnrichmentStatuses.Pending } && row.ExpiresAt <= session.Now)
                {
                    await EnrichmentSettlement.SettleAsync(session, book, row, null, ct);
                    await session.CommitAsync(ct);
                    released++;
                }
            }
        }
        while (due.Count == PageSize);
        return released;
    }

    private async Task<List<(Guid, Guid)>> FindDueAsync(CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            "SELECT workspace_id, id FROM enrichments WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT " + PageSize);
        command.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        var due = new List<(Guid, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            due.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return due;
    }
}
