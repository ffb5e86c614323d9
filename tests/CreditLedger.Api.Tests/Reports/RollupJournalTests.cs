using CreditLedger.Api.Engine.Rollups;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// Groups append rollup deltas to journals and a fold moves them into the rollup tables later; reports read both in one
/// statement. Whatever the fold is doing, a report counts each event and each credit once.
/// </summary>
public class RollupJournalTests(LedgerApiFactory api) : LedgerTest(api)
{
    private const int Events = 120;

    [Fact]
    public async Task Reports_count_each_event_once_while_folds_run_beside_the_writes()
    {
        var id = await Api.Workspace(actions: 100_000, dataCredits: 100_000);
        var folder = Api.Services.GetRequiredService<RollupFolder>();
        using var stop = new CancellationTokenSource();
        var folding = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await folder.FoldAsync(CancellationToken.None);
            }
        });
        var writes = Task.WhenAll(Enumerable.Range(0, Events).Select(i => Usage(id, Enrichment("email_finder", "success", $"e{i}"))));

        var seen = new List<(long Events, decimal Consumed)>();
        while (!writes.IsCompleted)
        {
            seen.Add((await ReportedEvents(id), await ReportedConsumption(id)));
        }

        (await writes).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await stop.CancelAsync();
        await folding;
        var (actions, dataCredits) = await Available(id);
        var consumed = 200_000 - actions - dataCredits;
        seen.Select(s => s.Events).ShouldBe(seen.Select(s => s.Events).Order(), "a report never loses an event it showed");
        seen.Select(s => s.Consumed).ShouldBe(seen.Select(s => s.Consumed).Order(), "nor credit it showed consumed");
        seen.ShouldAllBe(s => s.Events <= Events && s.Consumed <= consumed, "and never counts one twice");
        (await ReportedEvents(id)).ShouldBe(Events);
        (await ReportedConsumption(id)).ShouldBe(consumed);
    }

    [Fact]
    public async Task A_fold_empties_the_journals_into_the_rollup_tables()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        for (var i = 0; i < 3; i++)
        {
            await (await Usage(id, Enrichment("email_finder", "success", $"e{i}"))).Expect(HttpStatusCode.Created);
        }

        await Api.FoldRollupJournalsAsync();

        (await Count("usage_rollup_journal", id)).ShouldBe(0);
        (await Count("value_rollup_journal", id)).ShouldBe(0);
        (await Api.ScalarAsync<long>("SELECT sum(events)::bigint FROM usage_totals_daily WHERE workspace_id = $1", id)).ShouldBe(3);
        (await ReportedEvents(id)).ShouldBe(3);
    }

    private async Task<long> ReportedEvents(Guid id)
    {
        var report = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?granularity=day&{Range()}")).Expect(HttpStatusCode.OK);
        return report.GetProperty("totals").GetProperty("events").GetInt64();
    }

    private async Task<decimal> ReportedConsumption(Guid id)
    {
        var report = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/value?{Range()}")).Expect(HttpStatusCode.OK);
        return report.GetProperty("items").EnumerateArray().Sum(i => i.Amount("consumed"));
    }

    /// <summary>Whole UTC days around now: every piece of it comes from the rollups and the journals.</summary>
    private string Range()
    {
        var today = Api.Clock.GetUtcNow().UtcDateTime.Date;
        return $"from={today.AddDays(-2):yyyy-MM-dd}T00:00:00Z&to={today.AddDays(1):yyyy-MM-dd}T00:00:00Z";
    }
}
