namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// What a workspace key may do. <see cref="UsageWrite"/>: record usage and settle reservations; <see cref="ReportsRead"/>:
/// every GET of the workspace; <see cref="Manage"/>: users, resources, limits, own-key switches, webhooks. The admin key
/// holds every scope; a key minted without scopes holds all three.
/// </summary>
public static class Scopes
{
    public const string UsageWrite = "usage:write";
    public const string ReportsRead = "reports:read";
    public const string Manage = "manage";
    public const string ClaimType = "scope";

    public static readonly string[] All = [UsageWrite, ReportsRead, Manage];

    /// <summary>Needs <paramref name="scope"/> (one authorization policy per scope, named after it).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresScopeAttribute(scope)).RequireAuthorization(scope);
}

/// <summary>
/// Marks a workspace route any of the workspace's keys may call, whatever scopes it holds (an estimate reads and writes
/// nothing a scope guards); the marker tells such a route from one whose scope was forgotten.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AnyScopeAttribute : Attribute;

public static class AnyScopeExtensions
{
    public static TBuilder AllowAnyScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AnyScopeAttribute());
}

/// <summary>Marks the scope an endpoint needs, so the 403 can name it and tests can enumerate it.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RequiresScopeAttribute(string scope) : Attribute
{
    public string Scope { get; } = scope;
}

/// <summary>Marks admin-only endpoints, so tests and docs can enumerate them.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AdminOnlyAttribute : Attribute;
