using System.Text.Json;
using System.Text.RegularExpressions;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>
/// Names a client's mistake as the client sent it: the JSON path or the query parameter, and a message that never
/// repeats framework text (which names CLR types such as <c>Nullable&lt;DateTimeOffset&gt;</c>).
/// </summary>
public static partial class ClientErrors
{
    /// <summary>The field (JSON path without <c>$.</c>, or <c>body</c>) and a message for unreadable JSON.</summary>
    public static (string Field, string Message) FromJson(JsonException json, string wholeBody = "body")
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');
        if (json is ClientJsonException client)
        {
            return (path ?? wholeBody, client.ClientMessage);
        }

        if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            // The path usually names the member already ($.bogus); for a nested object it may stop at the parent.
            var field = path is null ? name : path == name || path.EndsWith("." + name, StringComparison.Ordinal) ? path : $"{path}.{name}";
            return (field, "Unknown field.");
        }

        return json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? (path ?? wholeBody, "The value has the wrong type for this field.")
            : (path ?? wholeBody, "The body is not valid JSON.");
    }

    /// <summary>The parameter named in a binding failure ("Failed to bind parameter \"Nullable&lt;int&gt; limit\" …").</summary>
    public static string? BoundParameter(string message) =>
        BindingFailure().Match(message) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("""property '([^']{1,200})' could not be mapped""")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("""parameter "(?:[^"]* )?([A-Za-z_][A-Za-z0-9_]{0,100})"(?: from "| was not provided)""")]
    private static partial Regex BindingFailure();
}
