using CreditLedger.Api.Engine;

using static CreditLedger.Api.Engine.Rollups.UtcBuckets;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>A rollup row's key: the start of its bucket (a quarter hour, an hour or a UTC day) and its dimensions.</summary>
public readonly record struct RollupKey(
    DateTimeOffset Start, string Kind, Guid? UserId, string? Integration, string? Service, string? ResourceId, Guid? ApiKeyId);

public sealed class RollupTotals
{
    public decimal Actions { get; set; }
    public decimal DataCredits { get; set; }
    public long Events { get; set; }
    public long Attempts { get; set; }
    public long Successes { get; set; }
}

/// <summary>
/// Changes to the rollups made by one transaction, merged by key before they are written: kept per quarter hour
/// (the finest unit any zone's boundaries need) with every dimension, and grouped into each table's unit and dimensions.
/// </summary>
public sealed class RollupDeltas
{
    public Dictionary<RollupKey, RollupTotals> ByQuarter { get; } = [];

    /// <summary>The deltas in a table's buckets and dimensions (the dimensions it does not keep merged away).</summary>
    public IEnumerable<KeyValuePair<RollupKey, RollupTotals>> For(RollupTable table) =>
        table.Unit == Quarter && table.Dimensions == RollupDimensions.All ? ByQuarter : Coarser(table);

    /// <summary>Adds a usage's figures under its dimensions, taken from the context of its entries.</summary>
    public void Add(EntryContext usage, decimal actions, decimal dataCredits, long events, long attempts, long successes)
    {
        var key = new RollupKey(Floor(usage.OccurredAt, Quarter), usage.Kind!, usage.UserId, usage.Integration,
            usage.Service, usage.ResourceId, usage.ApiKeyId);
        if (!ByQuarter.TryGetValue(key, out var totals))
        {
            ByQuarter[key] = totals = new RollupTotals();
        }

        totals.Actions += actions;
        totals.DataCredits += dataCredits;
        totals.Events += events;
        totals.Attempts += attempts;
        totals.Successes += successes;
    }

    private IEnumerable<KeyValuePair<RollupKey, RollupTotals>> Coarser(RollupTable table) =>
        ByQuarter.GroupBy(kv => Project(kv.Key, table))
            .Select(g => KeyValuePair.Create(g.Key, new RollupTotals
            {
                Actions = g.Sum(x => x.Value.Actions),
                DataCredits = g.Sum(x => x.Value.DataCredits),
                Events = g.Sum(x => x.Value.Events),
                Attempts = g.Sum(x => x.Value.Attempts),
                Successes = g.Sum(x => x.Value.Successes),
            }));

    private static RollupKey Project(RollupKey key, RollupTable table)
    {
        var kept = table.Dimensions;
        return new RollupKey(Floor(key.Start, table.Unit), key.Kind,
            kept.HasFlag(RollupDimensions.User) ? key.UserId : null,
            kept.HasFlag(RollupDimensions.Integration) ? key.Integration : null,
            kept.HasFlag(RollupDimensions.Service) ? key.Service : null,
            kept.HasFlag(RollupDimensions.Resource) ? key.ResourceId : null,
            kept.HasFlag(RollupDimensions.ApiKey) ? key.ApiKeyId : null);
    }
}
