using System.Collections.Concurrent;
using CreditLedger.Api.Database.Replica;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Database;

/// <summary>Reports, the ledger listing and verify read from a streaming replica while it keeps up, else from the primary.</summary>
public class ReplicaReadTests(ReplicaApiFactory api) : IClassFixture<ReplicaApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ReadRouting Routing => api.Services.GetRequiredService<ReadRouting>();

    private string ReportPath(Guid id) =>
        $"/v1/workspaces/{id}/reports/usage?from={Uri.EscapeDataString(api.Clock.GetUtcNow().AddDays(-1).ToString("O"))}" +
        $"&to={Uri.EscapeDataString(api.Clock.GetUtcNow().AddDays(1).ToString("O"))}&granularity=day";

    private Task<HttpResponseMessage> Report(Guid id) => api.Admin().GetAsync(ReportPath(id));

    private async Task Use(Guid id, string key) =>
        await (await api.Admin().Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = key, kind = "export", quantity = 2 }))
            .Expect(HttpStatusCode.Created);

    [SkippableFact]
    public async Task Once_caught_up_the_replica_answers_reports_the_ledger_and_verify_exactly_as_the_primary_does()
    {
        Provisioned.Require(TestStandby.Available, TestStandby.Missing);
        var id = await api.Workspace();
        for (var i = 0; i < 5; i++)
        {
            await Use(id, $"caught-up-{i}");
        }

        await TestStandby.CaughtUpAsync(api);
        await FreshAsync();
        var before = Routing.ReplicaReads;

        var fromReplica = await (await Report(id)).Expect(HttpStatusCode.OK);
        var ledgerFromReplica = await (await api.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK);
        var verified = await (await api.Admin().GetAsync($"/v1/workspaces/{id}/ledger/verify")).Expect(HttpStatusCode.OK);

        Routing.ReplicaReads.ShouldBe(before + 3);
        await using var primaryOnly = new OtherInstanceFactory(api.DatabaseName, api.Clock.GetUtcNow());
        var fromPrimary = await (await primaryOnly.Admin().GetAsync(ReportPath(id))).Expect(HttpStatusCode.OK);
        fromReplica.GetRawText().ShouldBe(fromPrimary.GetRawText());
        fromReplica.GetProperty("totals").GetProperty("events").GetInt32().ShouldBe(5);
        ledgerFromReplica.GetRawText().ShouldBe((await (await primaryOnly.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK)).GetRawText());
        verified.GetProperty("valid").GetBoolean().ShouldBeTrue();
        (await api.ScalarAsync<long>("SELECT sequence FROM chain_checkpoints WHERE workspace_id = $1", id)).ShouldBeGreaterThan(0); // saved on the primary
    }

    [SkippableFact]
    public async Task A_replica_that_falls_behind_is_not_read_so_a_caller_sees_its_own_write()
    {
        Provisioned.Require(TestStandby.Available, TestStandby.Missing);
        var id = await api.Workspace();
        await Use(id, "first");
        await TestStandby.CaughtUpAsync(api);
        await FreshAsync();
        var first = await Report(id);
        var etag = first.Headers.ETag!.Tag;

        await TestStandby.PauseReplayAsync();
        try
        {
            await Use(id, "second"); // committed on the primary; the paused standby never sees it
            await Poll.UntilAsync(() => !Routing.ReplicaFresh, Patience, "the paused replica still counts as fresh");

            var request = new HttpRequestMessage(HttpMethod.Get, first.RequestMessage!.RequestUri);
            request.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
            var after = await (await api.Admin().SendAsync(request)).Expect(HttpStatusCode.OK); // never a 304 hiding the write
            after.GetProperty("totals").GetProperty("events").GetInt32().ShouldBe(2);
        }
        finally
        {
            await TestStandby.ResumeReplayAsync();
        }
    }

    [SkippableFact]
    public async Task A_standby_stopped_under_load_makes_reads_fall_back_to_the_primary_with_no_error()
    {
        Provisioned.Require(TestStandby.Available, TestStandby.Missing);
        var id = await api.Workspace();
        await Use(id, "load");
        await TestStandby.CaughtUpAsync(api);
        await FreshAsync();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var completed = 0;
        var stopped = false;
        async Task Reader()
        {
            // Reads until 40 more have completed after the standby went down.
            while (!Volatile.Read(ref stopped) || Volatile.Read(ref completed) < 40)
            {
                var response = await Report(id);
                statuses.Add(response.StatusCode);
                if (Volatile.Read(ref stopped))
                {
                    Interlocked.Increment(ref completed);
                }
            }
        }

        try
        {
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(Reader)).ToList();
            await Poll.UntilAsync(() => statuses.Count >= 40, Patience, "the readers never got going"); // load builds before the stop

            await TestStandby.StopAsync();
            Volatile.Write(ref stopped, true);
            await Task.WhenAll(readers);
        }
        finally
        {
            Volatile.Write(ref stopped, true);
            await TestStandby.StartAsync();
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        await TestStandby.CaughtUpAsync(api);
        await FreshAsync(); // and once it is back and caught up, reads return to it
    }

    private Task FreshAsync() => Poll.UntilAsync(() => Routing.ReplicaFresh, Patience, "the replica was never measured fresh");
}
