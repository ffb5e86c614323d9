using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Reports;

/// <summary>
/// Shapes per-resource rows into the tree. Live resources always appear (zeros included); deleted ones only when they
/// or their descendants have usage in the range. With a resourceId filter the tree starts at that resource.
/// </summary>
public static class ResourceReportBuilder
{
    public static ResourcesReport Build(ReportQuery query, ResourceForest forest, IReadOnlyList<ReportRow> rows, string? onlyUnder)
    {
        var (totals, unattributed) = forest.Attribute(rows);
        var roots = onlyUnder is null ? forest.Roots : [forest.Find(onlyUnder)!];
        var items = roots.Select(r => Node(r, forest, totals)).OfType<ResourceNode>().ToList();
        var sum = items.Aggregate(new Figures(), (s, n) => s + new Figures(n.Actions, n.DataCredits, n.Events, n.Attempts, n.Successes)) + unattributed;
        return new ResourcesReport(query.From, query.To, new UsageTotals(sum.Actions, sum.DataCredits, sum.Events), items,
            new UsageTotals(unattributed.Actions, unattributed.DataCredits, unattributed.Events));
    }

    /// <summary>Flattened depth first, each line naming its parent: for CSV.</summary>
    public static IEnumerable<(ResourceNode Node, string? ParentId)> Flatten(IEnumerable<ResourceNode> nodes, string? parentId = null) =>
        nodes.SelectMany(n => Flatten(n.Children, n.ResourceId).Prepend((n, parentId)));

    private static ResourceNode? Node(ResourceRow row, ResourceForest forest, Dictionary<string, Figures> totals)
    {
        var figures = totals.GetValueOrDefault(row.Id);
        if (row.IsDeleted && figures.IsEmpty)
        {
            return null;
        }

        var children = forest.ChildrenOf(row.Id).Select(c => Node(c, forest, totals)).OfType<ResourceNode>().ToList();
        return new ResourceNode(row.Id, row.Kind.ToWire(), row.Name, row.OwnerUserId, row.IsDeleted,
            figures.Actions, figures.DataCredits, figures.Events, figures.Attempts, figures.Successes, children);
    }
}
