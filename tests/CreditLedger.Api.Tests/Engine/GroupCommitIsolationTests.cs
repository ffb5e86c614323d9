using Npgsql;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>A workspace held by a long transaction (its own batch, say) never stalls other tenants' single events.</summary>
public class GroupCommitIsolationTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Single_events_of_other_workspaces_commit_while_one_workspace_is_locked()
    {
        var busy = await Api.Workspace();
        var victim = await Api.Workspace();
        await using var holder = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockBusy = new NpgsqlCommand("SELECT 1 FROM workspace_heads WHERE workspace_id = $1 FOR UPDATE", holder, transaction))
        {
            lockBusy.Parameters.AddWithValue(busy);
            await lockBusy.ExecuteScalarAsync();
        }

        var busyWrite = Usage(busy, new { idempotencyKey = "busy", kind = "export" });
        var victimWrites = Task.WhenAll(Enumerable.Range(0, 10).Select(i => Usage(victim, new { idempotencyKey = $"v{i}", kind = "export" })));

        (await Task.WhenAny(victimWrites, Task.Delay(Patience))).ShouldBe(victimWrites, "the victim's events waited for another workspace's lock");
        (await victimWrites).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        busyWrite.IsCompleted.ShouldBeFalse();

        await transaction.RollbackAsync();
        await (await busyWrite).Expect(HttpStatusCode.Created);
        (await Count("usage_events", busy)).ShouldBe(1);
    }
}
