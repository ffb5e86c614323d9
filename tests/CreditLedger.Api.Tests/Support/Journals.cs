using CreditLedger.Api.Engine.Rollups;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Support;

/// <summary>The rollup journals, for tests that look at the rollup tables themselves.</summary>
public static class Journals
{
    /// <summary>
    /// Folds until both journals are empty: a fold returns without work while the background one holds the lock, and
    /// a journal row disappears only when the fold that moved it has committed.
    /// </summary>
    public static async Task FoldRollupJournalsAsync(this LedgerApiFactory api)
    {
        var folder = api.Services.GetRequiredService<RollupFolder>();
        await Poll.UntilAsync(async () =>
        {
            await folder.FoldAsync(CancellationToken.None);
            return await api.ScalarAsync<long>(
                "SELECT (SELECT count(*) FROM usage_rollup_journal) + (SELECT count(*) FROM value_rollup_journal)") == 0;
        }, TimeSpan.FromSeconds(30), "the rollup journals should be folded");
    }
}
