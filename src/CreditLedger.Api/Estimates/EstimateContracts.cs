using CreditLedger.Api.Json;

namespace CreditLedger.Api.Estimates;

/// <summary>A planned run: its lines, and whom it would be charged to (the limits that apply).</summary>
[OpenApiExample("""{"items":[{"integration":"leadmagic","service":"email_finder","quantity":500},{"kind":"ai_call","quantity":500}]}""")]
public sealed record EstimateRequest(List<EstimateItem>? Items, Guid? UserId = null, string? ResourceId = null, Guid? ApiKeyId = null);

/// <summary>Enrichments of one service (<c>integration</c> and <c>service</c>), or platform work of one <c>kind</c>; quantity defaults to 1.</summary>
public sealed record EstimateItem(string? Integration = null, string? Service = null, string? Kind = null, int? Quantity = null);
