using CreditLedger.Api.Database;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;

namespace CreditLedger.Api.Workspaces;

internal static class WorkspaceMapping
{
    public static WorkspaceResponse ToResponse(this Workspace w, DateTimeOffset now)
    {
        var cycle = BillingCycle.At(w.BillingAnchor, now);
        return new WorkspaceResponse(
            w.Id, w.Name, new PlanResponse(w.PlanName, w.PlanActions, w.PlanDataCredits, new RolloverResponse(w.PlanRolloverActions, w.PlanRolloverDataCredits),
                new UnitPricesResponse(w.PlanUnitPriceActions, w.PlanUnitPriceDataCredits)),
            w.TimeZone, w.BillingAnchor, new CycleResponse(cycle.Start, cycle.End), w.CreatedAt, w.PriceCurrency);
    }

    public static PlanTerms ToTerms(this PlanRequest plan) => new(
        plan.ActionsPerCycle!.Value, plan.DataCreditsPerCycle!.Value, plan.Rollover?.Actions ?? 0, plan.Rollover?.DataCredits ?? 0,
        plan.UnitPrices?.Actions ?? 0, plan.UnitPrices?.DataCredits ?? 0);

    public static UserResponse ToResponse(this User u) => new(u.Id, u.Email, u.Name, u.CreatedAt);
}
