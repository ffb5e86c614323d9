using System.Text.Json;
using CreditLedger.Api.Database;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.Reservations;

/// <summary>
/// Settling a reservation, at most once: the whole hold is released (one release entry per grant it drew
/// from), then a completion charges by the service's policy as a usage record, and lapsed grants expire.
/// The <c>apiKeyId</c> given to <c>SettleAsync</c> is the workspace key settling it (null: the admin or the service).
/// </summary>
public static class EnrichmentSettlement
{
    public static async Task<SettlementResponse> SettleAsync(
        LedgerSession session, WorkspaceBook book, EnrichmentRow row, Outcome? outcome, Guid? apiKeyId, CancellationToken ct)
    {
        var holds = await LedgerReader.HoldsAsync(session.Connection, row.WorkspaceId, row.Id, ct);
        await LedgerStore.LoadGrantsAsync(session.Connection, book, holds.Select(h => h.GrantId), ct);
        await SpendLimitStore.LoadPathsAsync(session.Connection, book, [row.ResourceId], ct);
        var context = new EntryContext(book.Now, EnrichmentId: row.Id, UserId: row.UserId, Kind: UsageKinds.Enrichment,
            Integration: row.Integration, Service: row.Service, ResourceId: row.ResourceId, ApiKeyId: apiKeyId);
        // The hold and the completion's charge both count against the user, key, resource and cycle of the reservation,
        // whichever key settles it and whenever: a charge never exceeds its hold, so a completion needs no limit check.
        var reserved = new SpendOrigin(new SpendSubject(row.UserId, row.ApiKeyId, row.ResourceId), row.CreatedAt);
        book.Release(holds, context, reserved);

        SettlementResponse response;
        Guid? usageId = null;
        if (outcome is { } completed)
        {
            var cost = ChargeRules.ForEnrichment(row.Price, completed, row.Quantity, row.OwnApiKey);
            var usage = UsageRow.Of(Uuid7.Next(), UsageKinds.Enrichment, row.UserId, row.Integration, row.Service,
                completed.ToWire(), row.Quantity, book.Now, book.Now, row.Id, null, cost, row.ResourceId, apiKeyId);
            book.AppendUsage(usage, holds.Select(h => h.GrantId).ToHashSet(), reserved);
            usageId = usage.Id;
            response = new SettlementResponse(row.Id, cost.IsZero ? EnrichmentStatuses.Released : EnrichmentStatuses.Charged,
                UsageRecorder.Charges(cost));
        }
        else
        {
            response = new SettlementResponse(row.Id, EnrichmentStatuses.Released, []);
        }

        book.ExpireLapsedGrants();
        await EnrichmentRow.SettleAsync(session.Connection, row.WorkspaceId, row.Id, response.Status, outcome?.ToWire(),
            JsonSerializer.Serialize(response, JsonSetup.Options), usageId, book.Now, ct);
        return response;
    }
}
