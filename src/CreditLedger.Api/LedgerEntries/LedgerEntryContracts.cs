using CreditLedger.Api.Json;
namespace CreditLedger.Api.LedgerEntries;

[OpenApiExample("""{"reason":"provider returned a bounced email"}""")]
public sealed record ReverseRequest(string? Reason);
