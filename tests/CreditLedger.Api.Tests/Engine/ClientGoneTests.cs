using System.Net.Http.Json;
using Npgsql;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>
/// A request whose client leaves once its transaction has begun writing still commits: cancelling mid-write would throw
/// the decided work away (and, mid-COPY, the connection with it), while the client's retry under the same keys replays
/// what was written. The test holds a share lock on <c>ledger_entries</c> so the write waits, and leaves while it does.
/// </summary>
public class ClientGoneTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Theory]
    [InlineData(20)] // inserted from arrays
    [InlineData(200)] // copied
    public async Task A_batch_whose_client_leaves_during_its_write_commits_and_its_retry_replays(int size)
    {
        var id = await Api.Workspace(actions: 1000);
        var events = Enumerable.Range(0, size).Select(i => new { idempotencyKey = $"gone-{i}", kind = "export" }).ToArray();

        await LeaveDuringTheWrite($"/v1/workspaces/{id}/usage/batch", new { events });

        var retried = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);
        retried.GetProperty("results").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetInt32() == 200);
        (await Count("usage_events", id)).ShouldBe(size);
        (await Available(id)).Actions.ShouldBe(1000 - size);
    }

    [Fact]
    public async Task A_single_event_whose_client_leaves_during_its_write_commits_and_its_retry_replays()
    {
        var id = await Api.Workspace();
        var body = new { idempotencyKey = "gone", kind = "export" };

        await LeaveDuringTheWrite($"/v1/workspaces/{id}/usage", body);

        var retried = await Usage(id, body);
        retried.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Count("usage_events", id)).ShouldBe(1);
        (await Available(id)).Actions.ShouldBe(99);
    }

    [Fact]
    public async Task A_grant_whose_client_leaves_during_its_write_commits_and_its_retry_replays()
    {
        var id = await Api.Workspace();
        var grant = new { currency = "actions", amount = 50, source = "purchase", idempotencyKey = "invoice-gone" };

        await LeaveDuringTheWrite($"/v1/workspaces/{id}/grants", grant);

        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", grant)).Expect(HttpStatusCode.OK);
        (await Available(id)).Actions.ShouldBe(150);
    }

    /// <summary>Sends the request, leaves once its write waits for the test's lock on the ledger, then lets the write go on.</summary>
    private async Task LeaveDuringTheWrite(string url, object body)
    {
        await using var holder = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("LOCK TABLE ledger_entries IN SHARE MODE", holder, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        using var leave = new CancellationTokenSource();
        var request = Api.Admin().PostAsJsonAsync(url, body, leave.Token);
        await LockWaiters.WaitForAsync(holder, 1, "the request's write never waited for the ledger", "ledger_entries");
        await leave.CancelAsync();
        // Released before the request is awaited: the test host answers a request whose client left only once its
        // handler ends, and a write that goes on would wait for this lock until its command timed out.
        await transaction.RollbackAsync();
        await Should.ThrowAsync<TaskCanceledException>(request);
    }
}
