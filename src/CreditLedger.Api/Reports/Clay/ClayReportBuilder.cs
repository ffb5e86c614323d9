using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using CreditLedger.Api.Reports;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>Shapes rows into Clay's credit reports; entities with nothing in the range are left out.</summary>
public static class ClayReportBuilder
{
    /// <summary>Root resources with their descendants as subentities; usage without a resource is unattributed.</summary>
    public static ClayReport Workspace(ResourceForest forest, IReadOnlyList<ReportRow> rows)
    {
        var (totals, unattributed) = forest.Attribute(rows);
        return Report(forest.Roots.Select(r => Node(r, forest, totals)), unattributed);
    }

    /// <summary>Integrations with their services as subentities; usage that is not an enrichment is unattributed.</summary>
    public static ClayReport Integrations(IReadOnlyList<ReportRow> rows, IReadOnlyList<(string Key, string Name)> integrations)
    {
        var entities = integrations.Select(i =>
        {
            var own = rows.Where(r => r.Integration == i.Key).ToList();
            var services = Figures.SumBy(own, r => r.Service).Where(s => !s.Value.IsEmpty)
                .Select(s => Entity(s.Key, new ClayEntityInfo(s.Key, false, "service"), s.Value, [])).OfType<ClayEntity>().ToList();
            return Entity(i.Key, new ClayEntityInfo(i.Name, false, "integration"), Figures.Sum(own), services);
        });
        return Report(entities, Figures.Sum(rows.Where(r => r.Integration is null)));
    }

    /// <summary>Entities from a flat list (API keys, users), matched to rows by <paramref name="key"/>.</summary>
    public static ClayReport Flat(
        IReadOnlyList<ReportRow> rows, Func<ReportRow, string?> key, IEnumerable<(string Id, ClayEntityInfo Info)> entities)
    {
        var sums = Figures.SumBy(rows, key);
        return Report(entities.Select(e => Entity(e.Id, e.Info, sums.GetValueOrDefault(e.Id), [])), Figures.Sum(rows.Where(r => key(r) is null)));
    }

    private static ClayEntity? Node(ResourceRow row, ResourceForest forest, Dictionary<string, Figures> totals) =>
        Entity(row.Id, new ClayEntityInfo(row.Name, row.IsDeleted, row.Kind.ToWire()), totals.GetValueOrDefault(row.Id),
            forest.ChildrenOf(row.Id).Select(c => Node(c, forest, totals)).OfType<ClayEntity>().ToList());

    /// <summary>Null when the entity had nothing in the range (charges or events).</summary>
    private static ClayEntity? Entity(string id, ClayEntityInfo info, Figures figures, IReadOnlyList<ClayEntity> subentities) =>
        figures.IsEmpty ? null : new ClayEntity(id, info, figures.DataCredits, figures.Actions, subentities);

    private static ClayReport Report(IEnumerable<ClayEntity?> entities, Figures unattributed) =>
        new(entities.OfType<ClayEntity>().ToList(), unattributed.DataCredits, unattributed.Actions);
}
