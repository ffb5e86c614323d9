namespace CreditLedger.Api.LedgerEntries;

public sealed record ReverseRequest(string? Reason);
