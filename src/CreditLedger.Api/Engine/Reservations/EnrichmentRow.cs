using System.Text.Json;
using CreditLedger.Api.Database;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.Reservations;

/// <summary>A reservation as stored; its unit prices are those in force when it was made.</summary>
public sealed record EnrichmentRow(
    Guid WorkspaceId, Guid Id, Guid? UserId, string Integration, string Service, int Quantity, bool OwnApiKey,
    ServicePrice Price, Cost Held, string Status, string? Outcome, string? Settlement, Guid? UsageId,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt, string? ResourceId = null, Guid? ApiKeyId = null)
{
    private const string Columns = """
        workspace_id, id, user_id, integration, service, quantity, own_api_key, unit_actions, unit_data_credits, charge_policy,
        held_actions, held_data_credits, status, outcome, settlement, usage_id, created_at, expires_at, settled_at, resource_id, api_key_id
        """;

    /// <summary>
    /// What pending reservations of workspace $1 hold on each grant, as rows (grant_id, held): their hold entries name the
    /// grant (a settled reservation's hold was released). Written once for the value report and the void check.
    /// </summary>
    public const string PendingHoldsByGrant = """
        SELECT e.grant_id, -sum(e.amount) AS held
        FROM enrichments r JOIN ledger_entries e ON e.workspace_id = r.workspace_id AND e.enrichment_id = r.id AND e.type = 'hold'
        WHERE r.workspace_id = $1 AND r.status = 'pending'
        GROUP BY e.grant_id
        """;

    /// <summary>Whether a pending reservation holds credit drawn from the grant.</summary>
    public static async Task<bool> HoldsOnGrantAsync(NpgsqlConnection connection, Guid workspaceId, Guid grantId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            $"SELECT EXISTS (SELECT 1 FROM ({PendingHoldsByGrant}) AS h WHERE h.grant_id = $2)", workspaceId, grantId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<EnrichmentRow?> FindAsync(NpgsqlConnection connection, Guid workspaceId, Guid id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, $"SELECT {Columns} FROM enrichments WHERE workspace_id = $1 AND id = $2", workspaceId, id);
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        var policy = ChargePolicyNames.Parse(r.GetString(9));
        return new EnrichmentRow(
            r.GetGuid(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            r.GetBoolean(6), new ServicePrice(r.GetDecimal(7), r.GetDecimal(8), policy), new Cost(r.GetDecimal(10), r.GetDecimal(11)),
            r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetString(14),
            r.IsDBNull(15) ? null : r.GetGuid(15), r.GetFieldValue<DateTimeOffset>(16), r.GetFieldValue<DateTimeOffset>(17),
            r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18), r.IsDBNull(19) ? null : r.GetString(19),
            r.IsDBNull(20) ? null : r.GetGuid(20));
    }

    public async Task InsertAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            $"INSERT INTO enrichments ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL, NULL, $14, $15, NULL, $16, $17)",
            WorkspaceId, Id, UserId, Integration, Service, Quantity, OwnApiKey, Price.Actions, Price.DataCredits, Price.Policy.ToWire(),
            Held.Actions, Held.DataCredits, Status, CreatedAt, ExpiresAt, ResourceId, ApiKeyId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The one-time move out of pending; the row stays, with the settlement kept for repeat calls.</summary>
    public static async Task SettleAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid id, string status, string? outcome, string settlement, Guid? usageId,
        DateTimeOffset settledAt, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            UPDATE enrichments SET status = $3, outcome = $4, settlement = $5, usage_id = $6, settled_at = $7
            WHERE workspace_id = $1 AND id = $2 AND status = 'pending'
            """, workspaceId, id, status, outcome, settlement, usageId, settledAt);
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new InvalidOperationException($"Enrichment {id} was not pending; settlements happen at most once.");
        }
    }

    public EnrichmentResponse ToResponse()
    {
        var charges = Settlement is null
            ? []
            : JsonSerializer.Deserialize<SettlementResponse>(Settlement, JsonSetup.Options)!.Charges;
        return new EnrichmentResponse(Id, Status, UserId, Integration, Service, Quantity, UsageRecorder.Charges(Held), Outcome,
            charges, UsageId, CreatedAt, ExpiresAt, SettledAt);
    }
}
