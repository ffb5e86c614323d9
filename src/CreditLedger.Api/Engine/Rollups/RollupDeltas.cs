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
/// Changes to the rollups made by one transaction, merged by key before they are appended to the rollup journal: kept
/// per quarter hour (the finest unit any zone's boundaries need) with every dimension; the fold groups them into each
/// table's unit and dimensions.
/// </summary>
public sealed class RollupDeltas
{
    public Dictionary<RollupKey, RollupTotals> ByQuarter { get; } = [];

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
}
