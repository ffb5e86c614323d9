using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>The workspace's auto top-up rules with this cycle's count of each; null for an unknown workspace.</summary>
    public async Task<TopUpRules?> TopUpRulesAsync(Guid workspaceId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await TopUpSettings.ReadAsync(connection, workspaceId, clock.GetUtcNow(), ct);
    }

    /// <summary>Changes the rules under the workspace's lock, so a charge sees the old rule or the new one, never half of either.</summary>
    public async Task<EngineResult<TopUpRules>> SetTopUpRulesAsync(SetTopUpRules command, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, command.WorkspaceId, ct);
        if (!locked.Exists)
        {
            return Refusal.UnknownWorkspace;
        }

        var now = clock.GetUtcNow();
        foreach (var (currency, change) in new[] { (Currency.Actions, command.Actions), (Currency.DataCredits, command.DataCredits) })
        {
            if (change.Changes)
            {
                await TopUpSettings.WriteAsync(locked.Connection, command.WorkspaceId, currency, change.Rule, now, ct);
            }
        }

        var rules = await TopUpSettings.ReadAsync(locked.Connection, command.WorkspaceId, now, ct);
        await locked.CommitAsync(ct);
        return new EngineResult<TopUpRules>.Done(rules!, Created: false);
    }
}
