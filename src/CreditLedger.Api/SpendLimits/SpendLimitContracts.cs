using CreditLedger.Api.Json;

namespace CreditLedger.Api.SpendLimits;

/// <summary>A cap per currency; null (or left out) leaves that currency uncapped, and at least one must be given.</summary>
[OpenApiExample("""{"actions":5000,"dataCredits":15000}""")]
public sealed record PutSpendLimitRequest(decimal? Actions, decimal? DataCredits);

public sealed record LimitPeriod(DateTimeOffset Start, DateTimeOffset End);

/// <summary>One currency of a limit: the cap, this cycle's charges (net of reversals) plus pending holds, and what is left.</summary>
public sealed record CurrencyLimit(decimal Limit, decimal Spent, decimal Remaining);

[OpenApiExample("""{"scope":"resource","scopeId":"wb-outbound","period":{"start":"2026-12-01T00:00:00Z","end":"2027-01-01T00:00:00Z"},"actions":null,"dataCredits":{"limit":15000,"spent":1200.5,"remaining":13799.5}}""")]
public sealed record SpendLimitResponse(string Scope, string ScopeId, LimitPeriod Period, CurrencyLimit? Actions, CurrencyLimit? DataCredits);


[OpenApiExample("""{"scope":"workbook_default","actions":null,"dataCredits":15000}""")]
public sealed record WorkbookDefaultResponse(string Scope, decimal? Actions, decimal? DataCredits);

/// <summary>Clay's shape of the default workbook limit (Data Credits).</summary>
[OpenApiExample("""{"appliesTo":"workbook","defaultLimit":15000}""")]
public sealed record ClayDefaultCreditLimit(string AppliesTo, decimal? DefaultLimit);
