using CreditLedger.Api.Engine.Charging;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Records one validated usage event against a locked workspace, with no query of its own: replay or conflict by idempotency key,
/// then <see cref="ChargeChecks"/>, then either a refusal with nothing appended or the usage, its charges and rollups.
/// Used by single requests, batches and grouped commits alike, so all share one set of rules.
/// </summary>
public static class UsageRecorder
{
    public static EngineResult<UsageRecorded> Record(WorkspaceBook book, KeyedUsage usage, UsagePrefetch prefetch)
    {
        var (request, apiKeyId, requestHash) = usage;
        var key = request.IdempotencyKey;
        if (Idempotency.Repeat<UsageRecorded>(prefetch.Response(book, key), requestHash, key) is { } repeat)
        {
            return repeat;
        }

        var ask = new ChargeAsk(request.UserId, request.ResourceId, apiKeyId, request.Kind == UsageKinds.Enrichment,
            request.Integration, request.Service, OutcomeNames.Parse(request.Outcome ?? OutcomeNames.Success), request.Quantity ?? 1);
        if (ChargeChecks.Decide(book, prefetch, ask, out var priced) is { } refusal)
        {
            return refusal;
        }

        var row = UsageRow.Of(
            Uuid7.Next(), request.Kind, request.UserId, request.Integration, request.Service, ask.Outcome.ToWire(), ask.Quantity,
            LedgerSession.TruncateToMicroseconds(request.OccurredAt ?? book.Now), book.Now, null,
            request.MetadataJson, priced.Cost, request.ResourceId, apiKeyId, key, requestHash);
        book.AppendUsage(row);
        var response = UsageResponseJson.Of(row);
        return new EngineResult<UsageRecorded>.Done(
            new UsageRecorded(Idempotency.RememberJson(book, IdempotencyScopes.Usage, key, requestHash, 201, response).Json));
    }

    /// <summary>The currencies charged, actions first.</summary>
    public static IReadOnlyList<ChargeResponse> Charges(Cost cost)
    {
        var charges = new List<ChargeResponse>(CurrencyNames.All.Length);
        foreach (var currency in CurrencyNames.All)
        {
            if (cost[currency] > 0)
            {
                charges.Add(new ChargeResponse(currency.ToWire(), cost[currency]));
            }
        }

        return charges;
    }
}
