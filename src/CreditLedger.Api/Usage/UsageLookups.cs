using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Usage;

/// <summary>What a charge needs to know besides the request: the user, the service's price, the workspace's own key.</summary>
public static class UsageLookups
{
    public sealed record Facts(bool UserKnown, ServicePrice? Price, bool OwnApiKey);

    public static async Task<Facts> LoadAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid? userId, string? integration, string? service, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2)),
                   s.actions, s.data_credits, s.charge_policy,
                   COALESCE((SELECT own_api_key FROM workspace_integrations WHERE workspace_id = $1 AND integration_key = $3), false)
            FROM (SELECT 1) AS one
            LEFT JOIN integration_services s ON s.integration_key = $3 AND s.key = $4
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)integration ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)service ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        ServicePrice? price = null;
        if (!reader.IsDBNull(1))
        {
            price = new ServicePrice(reader.GetDecimal(1), reader.GetDecimal(2), ChargePolicyNames.Parse(reader.GetString(3)));
        }

        return new Facts(reader.GetBoolean(0), price, reader.GetBoolean(4));
    }
}
