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
        await using var transaction = await HoldAsync(holder, busy);

        var busyWrite = Usage(busy, new { idempotencyKey = "busy", kind = "export" });
        var victimWrites = Task.WhenAll(Enumerable.Range(0, 10).Select(i => Usage(victim, new { idempotencyKey = $"v{i}", kind = "export" })));

        (await Task.WhenAny(victimWrites, Task.Delay(Patience))).ShouldBe(victimWrites, "the victim's events waited for another workspace's lock");
        (await victimWrites).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        busyWrite.IsCompleted.ShouldBeFalse();

        await transaction.RollbackAsync();
        await (await busyWrite).Expect(HttpStatusCode.Created);
        (await Count("usage_events", busy)).ShouldBe(1);
    }

    [Fact]
    public async Task An_event_that_waited_for_its_workspace_reads_the_key_committed_meanwhile_and_replays_it()
    {
        var busy = await Api.Workspace();
        await using var holder = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await HoldAsync(holder, busy);

        // Two events under one key, each in its own transaction waiting for the lock: the second can only see the
        // first's key if it reads after its lock is granted.
        var first = Usage(busy, new { idempotencyKey = "same", kind = "export" });
        await LockWaiters.WaitForAsync(holder, 1, "the first event never waited for the workspace's lock");
        var second = Usage(busy, new { idempotencyKey = "same", kind = "export" });
        await LockWaiters.WaitForAsync(holder, 2, "the second event never waited for the workspace's lock");

        await transaction.RollbackAsync();
        var answers = await Task.WhenAll(first, second);
        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Created]);
        (await Count("usage_events", busy)).ShouldBe(1);
    }

    /// <summary>Locks the workspace's head row in a transaction of the test's own, as a long batch of its would.</summary>
    private static async Task<NpgsqlTransaction> HoldAsync(NpgsqlConnection holder, Guid workspace)
    {
        var transaction = await holder.BeginTransactionAsync();
        await using var lockHead = new NpgsqlCommand("SELECT 1 FROM workspace_heads WHERE workspace_id = $1 FOR UPDATE", holder, transaction);
        lockHead.Parameters.AddWithValue(workspace);
        await lockHead.ExecuteScalarAsync();
        return transaction;
    }
}
