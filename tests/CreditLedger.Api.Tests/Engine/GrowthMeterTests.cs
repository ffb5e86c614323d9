using CreditLedger.Api.Engine;
using CreditLedger.Rules;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>
/// A commit's growth metrics are summed before they are added (per workspace, and across the commit's workspaces for
/// the totals by kind, outcome and currency); the sums must equal what was recorded. The meter is process-wide and other
/// tests record on it in parallel, so only the measurements made on this test's thread during the call are counted.
/// </summary>
public class GrowthMeterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly UsagePrefetch Prefetch =
        UsagePrefetch.WithPrices([("leadmagic", "email_finder", new ServicePrice(1, 2, ChargePolicy.OnSuccess))]);

    [Fact]
    public void A_commit_of_several_workspaces_adds_each_event_and_charge_once()
    {
        var first = Book(OutcomeNames.Success, OutcomeNames.NotFound, OutcomeNames.Success);
        var second = Book(OutcomeNames.Success);
        var third = Book(OutcomeNames.NotFound, OutcomeNames.NotFound);

        var measured = Measure(() => GrowthMeter.Record([first, second, third]));

        measured.Sum("creditledger.usage.events", ("kind", "enrichment"), ("outcome", "success")).ShouldBe(3);
        measured.Sum("creditledger.usage.events", ("kind", "enrichment"), ("outcome", "not_found")).ShouldBe(3);
        measured.Sum("creditledger.charges", ("currency", "actions")).ShouldBe(3); // a finder that found nothing costs nothing
        measured.Sum("creditledger.charges", ("currency", "data_credits")).ShouldBe(6);
        measured.Sum("creditledger.workspace.events", ("workspace_id", first.WorkspaceId.ToString())).ShouldBe(3);
        measured.Sum("creditledger.workspace.events", ("workspace_id", second.WorkspaceId.ToString())).ShouldBe(1);
        measured.Sum("creditledger.workspace.events", ("workspace_id", third.WorkspaceId.ToString())).ShouldBe(2);
    }

    [Fact]
    public void A_commit_that_recorded_no_usage_adds_nothing()
    {
        var measured = Measure(() => GrowthMeter.Record([Book()]));

        measured.All.ShouldBeEmpty();
    }

    private static WorkspaceBook Book(params string[] outcomes)
    {
        var book = new WorkspaceBook { WorkspaceId = Guid.CreateVersion7(), BillingAnchor = Now.AddDays(-3), PlanActions = 0, PlanDataCredits = 0, Now = Now };
        book.Restore(0, HashChain.Genesis, 0, [1_000m, 1_000m], [0m, 0m], [0m, 0m]);
        foreach (var currency in CurrencyNames.All)
        {
            book.LoadGrant(new GrantState
            {
                Id = Guid.CreateVersion7(), Currency = currency, Source = "purchase", Amount = 1_000m, Remaining = 1_000m, EffectiveAt = Now.AddDays(-1),
            });
        }

        foreach (var (outcome, i) in outcomes.Select((o, i) => (o, i)))
        {
            UsageRecorder.Record(book, new KeyedUsage(new Find($"find-{i}", outcome), null, new byte[32]), Prefetch)
                .ShouldBeOfType<EngineResult<UsageRecorded>.Done>();
        }

        return book;
    }

    /// <summary>The CreditLedger meter's measurements made on this thread while <paramref name="act"/> runs.</summary>
    private static ServiceMeasurements Measure(Action act)
    {
        var thread = Environment.CurrentManagedThreadId;
        using var measured = new ServiceMeasurements(() => Environment.CurrentManagedThreadId == thread);
        act();
        return measured;
    }

    private sealed record Find(string IdempotencyKey, string Outcome) : IUsageEvent
    {
        public string Kind => UsageKinds.Enrichment;
        public Guid? UserId => null;
        public string? Integration => "leadmagic";
        public string? Service => "email_finder";
        public int? Quantity => 1;
        public DateTimeOffset? OccurredAt => null;
        public string? MetadataJson => null;
        public string? ResourceId => null;
    }
}
