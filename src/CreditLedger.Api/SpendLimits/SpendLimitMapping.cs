using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.SpendLimits;

public static class SpendLimitMapping
{
    public static SpendLimitResponse ToResponse(this SpendLimitReading reading)
    {
        var (cycle, limit) = reading;
        return new SpendLimitResponse(limit.Scope.ToWire(), limit.ScopeId, new LimitPeriod(cycle.Start, cycle.End),
            Currency(limit, Rules.Currency.Actions), Currency(limit, Rules.Currency.DataCredits));
    }

    public static WorkbookDefaultResponse ToDefaultResponse(this LimitCaps caps) =>
        new(LimitScopeNames.WorkbookDefault, Normalize(caps.Actions), Normalize(caps.DataCredits));

    /// <summary>An amount as the contract writes it (<c>15000</c>, not the stored <c>15000.0000</c>).</summary>
    public static decimal? Normalize(decimal? amount) => amount is { } value ? Money.Normalize(value) : null;

    public static LimitCaps ToCaps(this PutSpendLimitRequest request) => new(request.Actions, request.DataCredits);

    private static CurrencyLimit? Currency(SpendLimitView limit, Currency currency) => limit.Cap(currency) is { } cap
        ? new CurrencyLimit(Money.Normalize(cap), Money.Normalize(limit.Spent[currency]), Money.Normalize(limit.Remaining(currency)!.Value))
        : null;
}
