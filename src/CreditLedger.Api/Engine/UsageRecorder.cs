using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Records one validated usage event against a locked workspace, with no query of its own: replay or conflict by idempotency key,
/// then the charge rules, the balance and the spend limits, then either a 402 with nothing appended or the usage, its charges and rollups.
/// Used by single requests, batches and grouped commits alike, so all share one set of rules.
/// </summary>
public static class UsageRecorder
{
    public static UsageOutcome Record(WorkspaceBook book, UsageCommand request, byte[] requestHash, UsagePrefetch prefetch)
    {
        var key = request.IdempotencyKey;
        var check = Idempotency.Compare(prefetch.Response(book, key), requestHash);
        if (check.IsConflict)
        {
            return new UsageOutcome.KeyConflict(key);
        }

        if (check.ReplayJson is { } replay)
        {
            return new UsageOutcome.Replayed(replay);
        }

        if (!prefetch.UserKnown(book.WorkspaceId, request.UserId))
        {
            return new UsageOutcome.Invalid("userId", "No such user in this workspace.");
        }

        if (!prefetch.ResourceLive(book.WorkspaceId, request.ResourceId))
        {
            return new UsageOutcome.Invalid("resourceId", "No such resource in this workspace (or it was deleted).");
        }

        var isEnrichment = request.Kind == UsageKinds.Enrichment;
        var price = prefetch.Price(request.Integration, request.Service);
        if (isEnrichment && price is null)
        {
            return new UsageOutcome.Invalid("service", $"No service '{request.Service}' in integration '{request.Integration}'.");
        }

        var outcome = OutcomeNames.Parse(request.Outcome ?? OutcomeNames.Success);
        var quantity = request.Quantity ?? 1;
        var cost = isEnrichment
            ? ChargeRules.ForEnrichment(price!.Value, outcome, quantity, prefetch.OwnApiKey(book.WorkspaceId, request.Integration))
            : ChargeRules.ForPlatformWork(outcome, quantity);
        if (book.FindShortfall(cost) is { } shortfall)
        {
            ServiceMeter.Refusals.Add(1, new KeyValuePair<string, object?>("type", "insufficient-credits"));
            book.Alerts.Refused(shortfall, null, book.CycleIndex);
            return new UsageOutcome.NotEnoughCredit(shortfall);
        }

        if (book.FindLimitBreach(cost, new SpendSubject(request.UserId, request.ApiKeyId, request.ResourceId)) is { } breach)
        {
            ServiceMeter.Refusals.Add(1, new KeyValuePair<string, object?>("type", "spend-limit-reached"));
            book.Alerts.Refused(null, breach, book.CycleIndex);
            return new UsageOutcome.LimitReached(breach);
        }

        var usage = new UsageRow(
            Guid.CreateVersion7(), request.Kind, request.UserId, request.Integration, request.Service, outcome.ToWire(), quantity,
            LedgerSession.TruncateToMicroseconds(request.OccurredAt ?? book.Now), book.Now, null,
            request.MetadataJson, request.ResourceId, request.ApiKeyId);
        var response = Append(book, usage, cost);
        return new UsageOutcome.Created(Idempotency.Remember(book, IdempotencyScopes.Usage, key, requestHash, 201, response).Json);
    }

    /// <summary>
    /// Appends a usage record with its charge entries and rollup deltas (also used when a reservation settles, whose
    /// charge counts against the limits and cycle of the reservation: <paramref name="countAs"/>).
    /// </summary>
    public static UsageResponse Append(
        WorkspaceBook book, UsageRow usage, Cost cost, IReadOnlySet<Guid>? honouredGrants = null, SpendOrigin? countAs = null)
    {
        var context = new EntryContext(usage.OccurredAt, usage.Id, usage.EnrichmentId, usage.UserId, usage.Kind, usage.Integration,
            usage.Service, usage.ResourceId, usage.ApiKeyId);
        book.Debit(cost, EntryTypes.Charge, context, honouredGrants, countAs);
        book.NewUsage.Add(usage);
        book.UsageCount++;
        var isEnrichment = usage.Kind == UsageKinds.Enrichment;
        book.Rollups.Add(context, cost.Actions, cost.DataCredits,
            events: 1, attempts: isEnrichment ? 1 : 0, successes: isEnrichment && usage.Outcome == OutcomeNames.Success ? 1 : 0);
        return new UsageResponse(usage.Id, usage.Kind, usage.Outcome, usage.OccurredAt, usage.RecordedAt, Charges(cost));
    }

    public static IReadOnlyList<ChargeResponse> Charges(Cost cost) =>
        CurrencyNames.All.Where(c => cost[c] > 0).Select(c => new ChargeResponse(c.ToWire(), cost[c])).ToList();
}
