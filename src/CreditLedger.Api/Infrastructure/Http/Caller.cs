namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>Who is calling: the admin, or a workspace through one of its keys and the scopes that key holds.</summary>
public sealed record Caller(bool IsAdmin, Guid? WorkspaceId, Guid? KeyId, IReadOnlyList<string> Scopes)
{
    public static readonly Caller Admin = new(true, null, null, Http.Scopes.All);

    public bool HasScope(string scope) => IsAdmin || Scopes.Contains(scope);

    public bool CanAccess(Guid workspaceId) => IsAdmin || WorkspaceId == workspaceId;

    /// <summary>
    /// A stable identity for rate limiting and logs that never contains the key itself. Formatted once: a caller is
    /// cached per key and the rate limiter asks for this on every request.
    /// </summary>
    public string PartitionKey { get; } = IsAdmin ? "admin" : $"key:{KeyId}";

    /// <summary>The workspace and key ids as the principal's claims carry them, formatted once per cached caller.</summary>
    public string? WorkspaceIdText { get; } = WorkspaceId?.ToString();

    /// <inheritdoc cref="WorkspaceIdText"/>
    public string? KeyIdText { get; } = KeyId?.ToString();
}

public static class CallerExtensions
{
    public static Caller GetCaller(this HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
