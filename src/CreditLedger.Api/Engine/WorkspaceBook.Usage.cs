using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public sealed partial class WorkspaceBook
{
    /// <summary>
    /// Appends a usage record with its charge entries (what it was <see cref="UsageRow.Charged"/>) and rollup deltas; a
    /// reservation's completion passes the grants its hold drew from (<paramref name="honouredGrants"/>) and the origin
    /// its charge counts against (<paramref name="countAs"/>).
    /// </summary>
    public void AppendUsage(UsageRow usage, IReadOnlySet<Guid>? honouredGrants = null, SpendOrigin? countAs = null)
    {
        var context = usage.About;
        var cost = usage.Charged;
        Debit(cost, EntryTypes.Charge, context, honouredGrants, countAs);
        newUsage.Add(usage);
        usageAdded++;
        var isEnrichment = usage.Kind == UsageKinds.Enrichment;
        Rollups.Add(context, cost.Actions, cost.DataCredits,
            events: 1, attempts: isEnrichment ? 1 : 0, successes: isEnrichment && usage.Outcome == OutcomeNames.Success ? 1 : 0);
    }
}
