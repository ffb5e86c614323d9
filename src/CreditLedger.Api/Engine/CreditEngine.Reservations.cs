using System.Text.Json;
using CreditLedger.Api.Diagnostics;
using CreditLedger.Api.Engine.Charging;
using CreditLedger.Api.Engine.Reservations;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>Holds the most the enrichment can cost, after the same checks as a charge (<see cref="ChargeChecks"/>). Idempotent by key.</summary>
    public async Task<EngineResult<ReservationResponse>> ReserveAsync(Reserve command, CancellationToken ct)
    {
        var (result, book) = await ReserveUnderLockAsync(command, ct);
        // Once the lock is released: a refusal's alert is recorded in a transaction of its own, even when the client has gone.
        await alerts.RecordAsync(book is null ? [] : [book], CancellationToken.None);
        return result;
    }

    private async Task<(EngineResult<ReservationResponse> Result, WorkspaceBook? Book)> ReserveUnderLockAsync(Reserve command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var facts = UsagePrefetch.For([(command.WorkspaceId, null, command.UserId, command.ResourceId)]);
        if (await session.LockAsync(command.WorkspaceId, ct, facts) is not { } book)
        {
            return (Refusal.UnknownWorkspace, null);
        }

        if (await Idempotency.RepeatAsync<ReservationResponse>(
                session, book, IdempotencyScopes.Enrichment, command.IdempotencyKey, command.RequestHash, ct) is { } repeat)
        {
            return (repeat, book);
        }

        await facts.LoadPathsAsync(session.Connection, session.Books, ct);
        var ask = new ChargeAsk(command.UserId, command.ResourceId, command.ApiKeyId, IsEnrichment: true, command.Integration,
            command.Service, Outcome.Success, command.Quantity, IsHold: true);
        if (ChargeChecks.Decide(book, facts, ask, out var priced) is { } refusal)
        {
            return (refusal, book);
        }

        var row = new EnrichmentRow(command.WorkspaceId, Uuid7.Next(), command.UserId, command.Integration, command.Service,
            command.Quantity, priced.OwnApiKey, priced.Price, priced.Cost, EnrichmentStatuses.Pending, null, null, null, book.Now,
            book.Now + options.Value.HoldTimeout, null, command.ResourceId, command.ApiKeyId);
        book.Debit(priced.Cost, EntryTypes.Hold, new EntryContext(book.Now, EnrichmentId: row.Id, UserId: row.UserId,
            Kind: UsageKinds.Enrichment, Integration: row.Integration, Service: row.Service, ResourceId: row.ResourceId, ApiKeyId: row.ApiKeyId));
        await row.InsertAsync(session.Connection, ct);
        var response = new ReservationResponse(row.Id, row.Status, UsageRecorder.Charges(priced.Cost), row.ExpiresAt);
        Idempotency.Remember(book, IdempotencyScopes.Enrichment, command.IdempotencyKey, command.RequestHash, 201, response);
        await session.CommitAsync();
        return (new EngineResult<ReservationResponse>.Done(response), book);
    }

    /// <summary>
    /// Completes (with an outcome) or cancels (without) a reservation, at most once: the reservation's row holds its
    /// settlement, so a repeat of the same call gets the same answer and a different call is refused. A completion past
    /// the timeout releases the hold, as the sweep would have, and is refused.
    /// </summary>
    public async Task<EngineResult<SettlementResponse>> SettleAsync(Settle command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        var row = await EnrichmentRow.FindAsync(session.Connection, command.WorkspaceId, command.EnrichmentId, ct);
        if (row is null)
        {
            return Refusal.Missing("No such enrichment in this workspace.");
        }

        if (row.Status != EnrichmentStatuses.Pending)
        {
            return Repeat(row, command.Outcome);
        }

        if (command.Outcome is not null && row.ExpiresAt <= book.Now)
        {
            await EnrichmentSettlement.SettleAsync(session, book, row, null, command.ApiKeyId, ct);
            await session.CommitAsync();
            return Refusal.Conflict("The reservation timed out and its hold was released; record the work as usage instead.");
        }

        var response = await EnrichmentSettlement.SettleAsync(session, book, row, command.Outcome, command.ApiKeyId, ct);
        await session.CommitAsync();
        return new EngineResult<SettlementResponse>.Done(response, Created: false);
    }

    /// <summary>Releases a hold past its timeout (the sweep's step); false when it was settled meanwhile or is not due.</summary>
    public async Task<bool> ExpireHoldAsync(Guid workspaceId, Guid enrichmentId, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(workspaceId, ct) is not { } book
            || await EnrichmentRow.FindAsync(session.Connection, workspaceId, enrichmentId, ct) is not { Status: EnrichmentStatuses.Pending } row
            || row.ExpiresAt > book.Now)
        {
            return false;
        }

        await EnrichmentSettlement.SettleAsync(session, book, row, null, null, ct);
        await session.CommitAsync();
        ServiceMeter.HoldsTimedOut.Add(1);
        return true;
    }

    /// <summary>A reservation and its settlement, as stored.</summary>
    public async Task<EnrichmentResponse?> FindReservationAsync(Guid workspaceId, Guid enrichmentId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return (await EnrichmentRow.FindAsync(connection, workspaceId, enrichmentId, ct))?.ToResponse();
    }

    private static EngineResult<SettlementResponse> Repeat(EnrichmentRow row, Outcome? outcome)
    {
        var sameCall = outcome is null ? row.Outcome is null : row.Outcome == outcome.Value.ToWire();
        if (sameCall)
        {
            return new EngineResult<SettlementResponse>.Done(
                JsonSerializer.Deserialize<SettlementResponse>(row.Settlement!, JsonSetup.Options)!, Created: false);
        }

        return Refusal.Conflict(row.Outcome is null
            ? "The reservation was already released (cancelled or timed out)."
            : $"The reservation was already completed with outcome '{row.Outcome}'.");
    }
}
