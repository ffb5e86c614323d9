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
    private readonly UsageCommand[] commands = [.. Enumerable.Range(0, Events.PerInvoke).Select(i =>
        new UsageCommand($"bench-{i}", UsageKinds.Enrichment, null, "leadmagic", "email_finder", OutcomeNames.Success, 1, null, null, null, null))];
    private readonly byte[] requestHash = new byte[32];

    [Benchmark(OperationsPerInvoke = Events.PerInvoke, Description = "record: decide, entries + chain, rollups, stored response")]
    public int Record()
    {
        var book = OpenBook();
        var n = 0;
        foreach (var command in commands)
        {
            n += UsageRecorder.Record(book, command, requestHash, prefetch) is EngineResult<UsageRecorded>.Done ? 1 : 0;
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
}
