using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Workspaces;

internal static class WorkspaceMapping
{
    public static WorkspaceResponse ToResponse(this Workspace w, DateTimeOffset now)
    {
        var cycle = BillingCycle.At(w.CreatedAt, now);
        return new WorkspaceResponse(
            w.Id, w.Name, new PlanResponse(w.PlanName, w.PlanActions, w.PlanDataCredits), w.TimeZone,
            new CycleResponse(cycle.Start, cycle.End), w.CreatedAt);
    }

    public static UserResponse ToResponse(this User u) => new(u.Id, u.Email, u.Name, u.CreatedAt);
}
