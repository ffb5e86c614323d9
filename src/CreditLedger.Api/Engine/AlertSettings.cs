using CreditLedger.Api.Json;
using CreditLedger.Api.Database;
using Npgsql;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine;

public sealed record CurrencyAlert(decimal? LowBalance);

[OpenApiExample("""{"actions":{"lowBalance":500},"dataCredits":{"lowBalance":100},"expiringWithinDays":7}""")]
public sealed record AlertsResponse(CurrencyAlert Actions, CurrencyAlert DataCredits, int ExpiringWithinDays);

/// <summary>The workspace's alert thresholds, kept on its row beside the plan: the book reads them when it evaluates alerts.</summary>
public static class AlertSettings
{
    private const string Columns = "alert_actions_low_balance, alert_data_credits_low_balance, alert_expiring_within_days";

    public static async Task<AlertsResponse?> ReadAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
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

    public static async Task WriteAsync(NpgsqlConnection connection, Guid workspaceId, AlertsResponse alerts, CancellationToken ct)
    {
        await using var update = Sql.Command(connection, $"UPDATE workspaces SET ({Columns}) = ($2, $3, $4) WHERE id = $1",
            workspaceId, alerts.Actions.LowBalance, alerts.DataCredits.LowBalance, alerts.ExpiringWithinDays);
        await update.ExecuteNonQueryAsync(ct);
    }
}
