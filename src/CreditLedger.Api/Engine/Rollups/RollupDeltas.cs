using CreditLedger.Api.Engine;

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
/// (the finest unit any zone's boundaries need) and grouped into hours and UTC days for the coarser tables.
/// </summary>
public sealed class RollupDeltas
{
    private static readonly long QuarterTicks = TimeSpan.FromMinutes(15).Ticks;

    public Dictionary<RollupKey, RollupTotals> ByQuarter { get; } = [];

    public IEnumerable<KeyValuePair<RollupKey, RollupTotals>> ByHour() => Coarser(TimeSpan.TicksPerHour);

    public IEnumerable<KeyValuePair<RollupKey, RollupTotals>> ByDay() => Coarser(TimeSpan.TicksPerDay);

    /// <summary>Adds a usage's figures under its dimensions, taken from the context of its entries.</summary>
    public void Add(EntryContext usage, decimal actions, decimal dataCredits, long events, long attempts, long successes)
    {
        var key = new RollupKey(Floor(usage.OccurredAt.UtcTicks, QuarterTicks), usage.Kind!, usage.UserId, usage.Integration,
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

    private IEnumerable<KeyValuePair<RollupKey, RollupTotals>> Coarser(long unitTicks) =>
        ByQuarter.GroupBy(kv => kv.Key with { Start = Floor(kv.Key.Start.UtcTicks, unitTicks) })
            .Select(g => KeyValuePair.Create(g.Key, new RollupTotals
            {
                Actions = g.Sum(x => x.Value.Actions),
                DataCredits = g.Sum(x => x.Value.DataCredits),
                Events = g.Sum(x => x.Value.Events),
                Attempts = g.Sum(x => x.Value.Attempts),
                Successes = g.Sum(x => x.Value.Successes),
            }));

    private static DateTimeOffset Floor(long utcTicks, long unitTicks) => new(utcTicks - (utcTicks % unitTicks), TimeSpan.Zero);
}
