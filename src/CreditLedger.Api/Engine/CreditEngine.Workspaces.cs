using CreditLedger.Api.Database;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>A workspace row as written, and the instant it was written at (its current cycle is the one at that instant).</summary>
public sealed record WorkspaceState(Workspace Workspace, DateTimeOffset AsOf);

public sealed partial class CreditEngine
{
    /// <summary>Opens a workspace and issues its first cycle's allowance in the same transaction.</summary>
    public async Task<WorkspaceState> OpenWorkspaceAsync(OpenWorkspace command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var workspace = new Workspace
        {
            Id = Uuid7.Next(),
            Name = command.Name,
            TimeZone = command.TimeZone,
            PlanName = command.PlanName,
            PlanActions = command.Plan.Actions,
            PlanDataCredits = command.Plan.DataCredits,
            PlanRolloverActions = command.Plan.RolloverActions,
            PlanRolloverDataCredits = command.Plan.RolloverDataCredits,
            PlanUnitPriceActions = command.Plan.UnitPriceActions,
            PlanUnitPriceDataCredits = command.Plan.UnitPriceDataCredits,
            PriceCurrency = command.PriceCurrency,
            // A workspace moved from another billing system keeps its billing day; only the current cycle is granted.
            BillingAnchor = command.BillingAnchor is { } anchor ? LedgerSession.TruncateToMicroseconds(anchor) : session.Now,
            CreatedAt = session.Now,
        };
        await WorkspaceRows.InsertAsync(session.Connection, workspace, ct);
        session.Open(workspace.Id, workspace.BillingAnchor, command.Plan);
        await session.CommitAsync();
        return new WorkspaceState(workspace, session.Now);
    }

    /// <summary>Changes the plan under the workspace's lock; a raise mid-cycle grants the difference for the rest of the cycle.</summary>
    public async Task<EngineResult<WorkspaceState>> ChangePlanAsync(ChangePlan command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        book.ChangePlan(command.Plan);
        var workspace = await WorkspaceRows.ChangePlanAsync(session.Connection, command.WorkspaceId, command.PlanName, command.Plan, ct);
        await session.CommitAsync();
        return new EngineResult<WorkspaceState>.Done(new WorkspaceState(workspace, book.Now), Created: false);
    }
}
