namespace CreditLedger.Api.Json;

/// <summary>The envelope of every list response.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);

/// <summary>A billing cycle as every response shows it (workspace, balance, forecast): half-open [start, end).</summary>
public sealed record CycleResponse(DateTimeOffset Start, DateTimeOffset End);
