using BenchmarkDotNet.Attributes;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;

namespace CreditLedger.Bench.Stages;

/// <summary>
/// The engine's work per event on a locked workspace with everything prefetched: idempotency lookup, charge checks,
/// entries with their hash chain, rollup deltas, the response kept under its key (serialised). No database.
/// </summary>
[MemoryDiagnoser]
public class EngineStages
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly UsagePrefetch prefetch = UsagePrefetch.WithPrices([("leadmagic", "email_finder", new ServicePrice(1, 1, ChargePolicy.OnSuccess))]);
    private readonly KeyedUsage[] events = [.. Enumerable.Range(0, Events.PerInvoke).Select(i =>
        new KeyedUsage(new Enrichment($"bench-{i}"), null, new byte[32]))];

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "record: decide, entries + chain, rollups, stored response")]
    public int Record()
    {
        var book = OpenBook();
        var n = 0;
        foreach (var usage in events)
        {
            n += UsageRecorder.Record(book, usage, prefetch) is EngineResult<UsageRecorded>.Done ? 1 : 0;
        }

        return n;
    }

    private static WorkspaceBook OpenBook()
    {
        var book = new WorkspaceBook { WorkspaceId = Guid.CreateVersion7(), BillingAnchor = Now.AddDays(-3), PlanActions = 0, PlanDataCredits = 0, Now = Now };
        book.Restore(10, HashChain.Genesis, 0, [1_000_000m, 1_000_000m], [0m, 0m], [0m, 0m]);
        foreach (var currency in CurrencyNames.All)
        {
            book.LoadGrant(new GrantState
            {
                Id = Guid.CreateVersion7(), Currency = currency, Source = "purchase", Amount = 1_000_000m, Remaining = 1_000_000m, EffectiveAt = Now.AddDays(-1),
            });
        }

        return book;
    }

    /// <summary>A successful email find, as the engine reads an event (the edge's request type is another implementation).</summary>
    private sealed record Enrichment(string IdempotencyKey) : IUsageEvent
    {
        public string Kind => UsageKinds.Enrichment;
        public Guid? UserId => null;
        public string? Integration => "leadmagic";
        public string? Service => "email_finder";
        public string? Outcome => OutcomeNames.Success;
        public int? Quantity => 1;
        public DateTimeOffset? OccurredAt => null;
        public string? MetadataJson => null;
        public string? ResourceId => null;
    }
}
