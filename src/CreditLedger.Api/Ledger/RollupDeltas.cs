namespace CreditLedger.Api.Ledger;

public readonly record struct RollupKey(DateTimeOffset Hour, string Kind, Guid? UserId, string? Integration, string? Service);

public sealed class RollupTotals
{
    public decimal Actions { get; set; }
    public decimal DataCredits { get; set; }
    public long Events { get; set; }
    public long Attempts { get; set; }
    public long Successes { get; set; }
}

/// <summary>Changes to the hourly rollups made by one transaction, merged by key before they are written.</summary>
public sealed class RollupDeltas
{
    public Dictionary<RollupKey, RollupTotals> Items { get; } = [];

    /// <summary>The same deltas by UTC day, for the daily rollups.</summary>
    public IEnumerable<KeyValuePair<RollupKey, RollupTotals>> ByDay() =>
        Items.GroupBy(kv => kv.Key with { Hour = new DateTimeOffset(kv.Key.Hour.UtcDateTime.Date, TimeSpan.Zero) })
            .Select(g => KeyValuePair.Create(g.Key, new RollupTotals
            {
                Actions = g.Sum(x => x.Value.Actions),
                DataCredits = g.Sum(x => x.Value.DataCredits),
                Events = g.Sum(x => x.Value.Events),
                Attempts = g.Sum(x => x.Value.Attempts),
                Successes = g.Sum(x => x.Value.Successes),
            }));

    public void Add(DateTimeOffset occurredAt, string kind, Guid? userId, string? integration, string? service,
        decimal actions, decimal dataCredits, long events, long attempts, long successes)
    {
        var hour = new DateTimeOffset(occurredAt.UtcTicks - (occurredAt.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var key = new RollupKey(hour, kind, userId, integration, service);
        if (!Items.TryGetValue(key, out var totals))
        {
            Items[key] = totals = new RollupTotals();
        }

        totals.Actions += actions;
        totals.DataCredits += dataCredits;
        totals.Events += events;
        totals.Attempts += attempts;
        totals.Successes += successes;
    }
}
