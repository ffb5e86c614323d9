using CreditLedger.Rules;

namespace CreditLedger.Api.Engine.Limits;

/// <summary>The wire and storage names of limit scopes.</summary>
public static class LimitScopeNames
{
    public const string WorkbookDefault = "workbook_default";

    public static IReadOnlyList<string> All { get; } = ["user", "api_key", "resource"];

    public static string ToWire(this LimitScope scope) => scope switch
    {
        LimitScope.User => "user",
        LimitScope.ApiKey => "api_key",
        _ => "resource",
    };

    public static bool TryParse(string? value, out LimitScope scope)
    {
        (var known, scope) = value switch
        {
            "user" => (true, LimitScope.User),
            "api_key" => (true, LimitScope.ApiKey),
            "resource" => (true, LimitScope.Resource),
            _ => (false, default),
        };
        return known;
    }

    public static LimitScope Parse(string value) => TryParse(value, out var scope) ? scope : throw new FormatException($"Unknown limit scope '{value}'.");

    /// <summary>The refusal's text for a user, key or resource the workspace does not have.</summary>
    public static string UnknownTarget(LimitScope scope, string id) => scope switch
    {
        LimitScope.User => $"No user '{id}' in this workspace.",
        LimitScope.ApiKey => $"No API key '{id}' in this workspace.",
        _ => $"No live resource '{id}' in this workspace.",
    };
}
