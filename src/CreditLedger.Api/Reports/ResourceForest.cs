using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Reports;

/// <summary>
/// The resource tree as it is now, for reports: children by parent, a node's descendants (for the resourceId filter),
/// and usage summed up the tree (a node's figures include its descendants'). Usage is attributed by the resource id
/// stored on it, so moving a table moves its history in the next report.
/// </summary>
public sealed class ResourceForest
{
    private readonly Dictionary<string, ResourceRow> byId;
    private readonly ILookup<string, ResourceRow> children;

    public ResourceForest(IReadOnlyList<ResourceRow> rows)
    {
        byId = rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
        // A parent that is missing (cannot happen through the API) would orphan its children; they count as roots.
        children = rows.Where(r => r.ParentId is not null && byId.ContainsKey(r.ParentId)).ToLookup(r => r.ParentId!, StringComparer.Ordinal);
        Roots = rows.Where(r => r.ParentId is null || !byId.ContainsKey(r.ParentId)).ToList();
        Height = MeasureHeight();
    }

    public IReadOnlyList<ResourceRow> Roots { get; }

    /// <summary>How many levels the deepest branch has (0 for no resources): a JSON answer nests two levels per tree level.</summary>
    public int Height { get; }

    public ResourceRow? Find(string id) => byId.GetValueOrDefault(id);

    public IEnumerable<ResourceRow> ChildrenOf(string id) => children[id];

    /// <summary>The node and every resource below it (iterative, so a deep tree cannot overflow the stack).</summary>
    public string[] SelfAndDescendants(string id)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([id]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (seen.Add(current))
            {
                result.Add(current);
                foreach (var child in children[current])
                {
                    stack.Push(child.Id);
                }
            }
        }

        return [.. result];
    }

    private int MeasureHeight()
    {
        var (height, level) = (0, Roots.Select(r => r.Id).ToList());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (level.Count > 0)
        {
            height++;
            level = level.Where(seen.Add).SelectMany(id => children[id]).Select(c => c.Id).Where(id => !seen.Contains(id)).ToList();
        }

        return height;
    }

    /// <summary>
    /// Rows grouped by resource, summed up the tree (a node includes its descendants), and the usage without a resource.
    /// </summary>
    public (Dictionary<string, Figures> Totals, Figures Unattributed) Attribute(IReadOnlyList<ReportRow> rows) =>
        (Totals(Figures.SumBy(rows, r => r.ResourceId)), Figures.Sum(rows.Where(r => r.ResourceId is null)));

    /// <summary>Each node's own figures plus its descendants', from per-resource sums (post-order, iterative).</summary>
    private Dictionary<string, Figures> Totals(Dictionary<string, Figures> own)
    {
        var totals = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var root in Roots)
        {
            var stack = new Stack<(string Id, bool Expanded)>([(root.Id, false)]);
            while (stack.Count > 0)
            {
                var (id, expanded) = stack.Pop();
                if (expanded || totals.ContainsKey(id))
                {
                    totals[id] = children[id].Aggregate(own.GetValueOrDefault(id), (sum, c) => sum + totals.GetValueOrDefault(c.Id));
                    continue;
                }

                stack.Push((id, true));
                foreach (var child in children[id])
                {
                    stack.Push((child.Id, false));
                }
            }
        }

        return totals;
    }
}

/// <summary>Usage figures that add up the tree.</summary>
public readonly record struct Figures(decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes)
{
    public bool IsEmpty => Actions == 0 && DataCredits == 0 && Events == 0;

    public static Figures operator +(Figures a, Figures b) =>
        new(a.Actions + b.Actions, a.DataCredits + b.DataCredits, a.Events + b.Events, a.Attempts + b.Attempts, a.Successes + b.Successes);

    public static Figures Of(ReportRow row) => new(row.Actions, row.DataCredits, row.Events, row.Attempts, row.Successes);

    public static Figures Sum(IEnumerable<ReportRow> rows) => rows.Aggregate(default(Figures), (sum, row) => sum + Of(row));

    /// <summary>Rows summed by a key; rows without one are left out.</summary>
    public static Dictionary<string, Figures> SumBy(IEnumerable<ReportRow> rows, Func<ReportRow, string?> key)
    {
        var sums = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (key(row) is { } k)
            {
                sums[k] = sums.GetValueOrDefault(k) + Of(row);
            }
        }

        return sums;
    }
}
