namespace CreditLedger.Api.Infrastructure;

/// <summary>The envelope of every list response.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items);
