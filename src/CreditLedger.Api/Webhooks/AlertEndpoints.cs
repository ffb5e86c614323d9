using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CreditLedger.Api.Webhooks;

/// <summary>
/// Alert thresholds: a low balance per currency and how far ahead <c>grant.expiring</c> looks. They are workspace settings
/// the ledger reads with its lock; a change takes the lock so no transaction sees half of it.
/// </summary>
public static class AlertEndpoints
{
    private const string Columns = "alert_actions_low_balance, alert_data_credits_low_balance, alert_expiring_within_days";

    public static void Map(IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/v1/workspaces/{workspaceId:guid}/alerts").WithTags("Webhooks and alerts").RequireWorkspaceAccess();
        alerts.MapGet("/", Get).RequireScope(Scopes.ReportsRead).WithSummary("Low-balance thresholds and the grant-expiry horizon.");
        alerts.MapPut("/", Put).RequireScope(Scopes.Manage).Validate<AlertsRequest>()
            .WithSummary("Set thresholds; a part left out keeps its value, a present part with lowBalance null removes that threshold.");
    }

    public static async Task<Results<Ok<AlertsResponse>, ProblemHttpResult>> Get(Guid workspaceId, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await ReadAsync(connection, workspaceId, ct) is { } alerts ? TypedResults.Ok(alerts) : Problems.NotFound("No such workspace.");
    }

    public static async Task<Results<Ok<AlertsResponse>, ValidationProblem, ProblemHttpResult>> Put(
        Guid workspaceId, AlertsRequest request, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await WorkspaceLock.AcquireAsync(connection, workspaceId, ct) || await ReadAsync(connection, workspaceId, ct) is not { } current)
        {
            return Problems.NotFound("No such workspace.");
        }

        var merged = new AlertsResponse(request.Actions ?? current.Actions, request.DataCredits ?? current.DataCredits,
            request.ExpiringWithinDays ?? current.ExpiringWithinDays);
        await using (var update = Sql.Command(connection, $"UPDATE workspaces SET ({Columns}) = ($2, $3, $4) WHERE id = $1",
            workspaceId, merged.Actions.LowBalance, merged.DataCredits.LowBalance, merged.ExpiringWithinDays))
        {
            await update.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(merged);
    }

    private static async Task<AlertsResponse?> ReadAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, $"SELECT {Columns} FROM workspaces WHERE id = $1", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new AlertsResponse(new CurrencyAlert(reader.IsDBNull(0) ? null : reader.GetDecimal(0)),
            new CurrencyAlert(reader.IsDBNull(1) ? null : reader.GetDecimal(1)), reader.GetInt32(2));
    }
}
