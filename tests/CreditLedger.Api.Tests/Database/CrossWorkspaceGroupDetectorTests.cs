using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Database;

/// <summary>The same detector on the default group commit finds the cross-workspace groups it is built to catch.</summary>
public class CrossWorkspaceGroupDetectorTests(GroupingApiFactory api) : IClassFixture<GroupingApiFactory>
{
    [Fact]
    public async Task The_default_group_commit_writes_several_workspaces_in_one_transaction_as_the_detector_sees()
    {
        var workspaces = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.Workspace(actions: 1000, dataCredits: 1000)));
        await WriteLog.InstallAsync(api);

        await WriteLog.IngestAsync(api, workspaces);

        (await WriteLog.TransactionsWritingSeveralWorkspacesAsync(api)).ShouldBeGreaterThan(0);
    }
}
