using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Database;

/// <summary>
/// On Citus a transaction that writes two workspaces is a distributed (two-phase) one. A trigger on every workspace
/// table logs which workspaces each transaction wrote; with <c>GroupCommitPerWorkspace</c> the ingest path (single
/// events, batches, reservations and their settlement) and the fold of the rollup journals never write two in one
/// transaction.
/// </summary>
public class CitusWritePathTests(PerWorkspaceGroupingFactory api) : IClassFixture<PerWorkspaceGroupingFactory>
{
    [Fact]
    public async Task With_per_workspace_group_commit_no_ingest_transaction_writes_two_workspaces()
    {
        var workspaces = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.Workspace(actions: 1000, dataCredits: 1000)));
        await WriteLog.InstallAsync(api);
        var committer = api.Services.GetRequiredService<UsageGroupCommitter>();
        var (groupsBefore, eventsBefore) = (committer.GroupsCommitted, committer.EventsCommitted);

        await WriteLog.IngestAsync(api, workspaces);
        await api.FoldRollupJournalsAsync();

        (await WriteLog.TransactionsWritingSeveralWorkspacesAsync(api)).ShouldBe(0);
        (await WriteLog.TransactionsAsync(api)).ShouldBeGreaterThan(0);
        ((committer.EventsCommitted - eventsBefore) / (double)(committer.GroupsCommitted - groupsBefore))
            .ShouldBeGreaterThan(1.0, "a workspace's concurrent events should still share transactions");
    }
}
