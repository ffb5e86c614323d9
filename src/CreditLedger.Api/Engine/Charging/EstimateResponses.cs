using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine.Charging;

// What the engine answers for an estimate: the run's worst case per currency, what is available, and the 402 a
// reservation of all of it would get now (the shortfall or the limit, never both).

public sealed record AvailableCredit(decimal Actions, decimal DataCredits);

public sealed record EstimateShortfall(string Currency, decimal Required, decimal Available);

public sealed record EstimateLimit(string Scope, string ScopeId, string Currency, decimal Required, decimal Remaining);

[OpenApiExample("""{"charges":[{"currency":"actions","amount":1000},{"currency":"data_credits","amount":500}],"available":{"actions":958,"dataCredits":412.5},"allowed":false,"shortfall":{"currency":"actions","required":1000,"available":958},"limit":null}""")]
public sealed record EstimateResponse(
    IReadOnlyList<ChargeResponse> Charges, AvailableCredit Available, bool Allowed, EstimateShortfall? Shortfall, EstimateLimit? Limit)
{
    public static EstimateResponse Of(Cost cost, WorkspaceBook book, Refusal? refusal) => new(
        UsageRecorder.Charges(cost),
        new AvailableCredit(book.Available(Currency.Actions), book.Available(Currency.DataCredits)),
        refusal is null,
        refusal?.Shortfall is { } s ? new EstimateShortfall(s.Currency.ToWire(), s.Required, s.Available) : null,
        refusal?.Breach is { } b ? new EstimateLimit(b.Scope.ToWire(), b.ScopeId, b.Currency.ToWire(), b.Required, b.Available) : null);
}
