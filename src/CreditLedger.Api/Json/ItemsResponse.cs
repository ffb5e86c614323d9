namespace CreditLedger.Api.Json;

/// <summary>
/// The envelope of every list response: a page of items and the cursor of the next page, null on the last (the
/// ledger and webhook deliveries have their own page records of the same shape).
/// </summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items, string? NextCursor = null);

/// <summary>A billing cycle as every response shows it (workspace, balance, forecast): half-open [start, end).</summary>
public sealed record CycleResponse(DateTimeOffset Start, DateTimeOffset End);
