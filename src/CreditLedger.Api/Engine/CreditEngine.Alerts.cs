using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    public async Task<AlertsResponse?> AlertSettingsAsync(Guid workspaceId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await AlertSettings.ReadAsync(connection, workspaceId, ct);
    }

    /// <summary>
    /// Changes the alert thresholds under the workspace's lock, so no ledger transaction sees half of a change; a part left
    /// out (null) keeps its value.
    /// </summary>
    public async Task<EngineResult<AlertsResponse>> SetAlertSettingsAsync(
        Guid workspaceId, CurrencyAlert? actions, CurrencyAlert? dataCredits, int? expiringWithinDays, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, workspaceId, ct);
        if (!locked.Exists || await AlertSettings.ReadAsync(locked.Connection, workspaceId, ct) is not { } current)
        {
            return Refusal.UnknownWorkspace;
        }

        var merged = new AlertsResponse(actions ?? current.Actions, dataCredits ?? current.DataCredits, expiringWithinDays ?? current.ExpiringWithinDays);
        await AlertSettings.WriteAsync(locked.Connection, workspaceId, merged, ct);
        await locked.CommitAsync(ct);
        return new EngineResult<AlertsResponse>.Done(merged, Created: false);
    }
}
