using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The workspace row's writes: its plan and billing anchor are what every cycle's allowance is computed from, so they
/// are written by the engine under the workspace's lock, and answered from what was written.
/// </summary>
public static class WorkspaceRows
{
    public static async Task InsertAsync(NpgsqlConnection connection, Workspace workspace, CancellationToken ct)
    {
        await using var insert = Sql.Command(connection, """
            INSERT INTO workspaces (id, name, time_zone, plan_name, plan_actions, plan_data_credits, plan_rollover_actions,
                plan_rollover_data_credits, billing_anchor, created_at, price_currency, plan_unit_price_actions, plan_unit_price_data_credits)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, workspace.Id, workspace.Name, workspace.TimeZone, workspace.PlanName, workspace.PlanActions, workspace.PlanDataCredits,
            workspace.PlanRolloverActions, workspace.PlanRolloverDataCredits, workspace.BillingAnchor, workspace.CreatedAt, workspace.PriceCurrency,
            workspace.PlanUnitPriceActions, workspace.PlanUnitPriceDataCredits);
        await insert.ExecuteNonQueryAsync(ct);
    }

    public static async Task<Workspace> ChangePlanAsync(NpgsqlConnection connection, Guid workspaceId, string planName, PlanTerms plan, CancellationToken ct)
    {
        await using var update = Sql.Command(connection, """
            UPDATE workspaces SET plan_name = $2, plan_actions = $3, plan_data_credits = $4, plan_rollover_actions = $5,
                plan_rollover_data_credits = $6, plan_unit_price_actions = $7, plan_unit_price_data_credits = $8
            WHERE id = $1
            RETURNING name, time_zone, created_at, billing_anchor, price_currency
            """, workspaceId, planName, plan.Actions, plan.DataCredits, plan.RolloverActions, plan.RolloverDataCredits,
            plan.UnitPriceActions, plan.UnitPriceDataCredits);
        await using var reader = await update.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new Workspace
        {
            Id = workspaceId, Name = reader.GetString(0), TimeZone = reader.GetString(1), CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
            BillingAnchor = reader.GetFieldValue<DateTimeOffset>(3), PlanName = planName, PlanActions = plan.Actions,
            PlanDataCredits = plan.DataCredits, PlanRolloverActions = plan.RolloverActions, PlanRolloverDataCredits = plan.RolloverDataCredits,
            PlanUnitPriceActions = plan.UnitPriceActions, PlanUnitPriceDataCredits = plan.UnitPriceDataCredits, PriceCurrency = reader.GetString(4),
        };
    }

    /// <summary>Whether the workspace exists (workspaces are never deleted).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database, "SELECT 1 FROM workspaces WHERE id = $1", workspaceId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
