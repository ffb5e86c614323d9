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
