using CreditLedger.Api.Database.Replica;
using System.Text.RegularExpressions;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Reports;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>
/// Clay's indexed array filters (<c>ownerIds[0]=…&amp;ownerIds[1]=…</c>, <c>integrations[0]=…</c>). The query string is
/// decoded before it is read, so percent-encoded brackets work as raw ones. Unknown owners and integrations are 404.
/// </summary>
public sealed partial record ClayFilters(Guid[]? OwnerIds, string[]? Integrations)
{
    public static async Task<(ClayFilters? Filters, IResult? Problem)> ReadAsync(
        HttpRequest request, Guid workspaceId, ReadSource reads, CancellationToken ct)
    {
        var ownerParameters = Indexed(request.Query, "ownerIds");
        var integrations = Indexed(request.Query, "integrations");
        var ownerIds = new List<Guid>();
        foreach (var (name, value) in ownerParameters)
        {
            if (!Guid.TryParse(value, out var id))
            {
                return (null, Problems.Validation(name, "Must be the id of a user of the workspace."));
            }

            ownerIds.Add(id);
        }

        var owners = ownerIds.Distinct().ToArray();
        if (owners.Length > 0
            && await CatalogNames.CountUsersAsync(reads, workspaceId, owners, ct) != owners.Length)
        {
            return (null, Problems.NotFound("One of the ownerIds is not a user of this workspace."));
        }

        var keys = integrations.Select(i => i.Value).Distinct().ToArray();
        if (keys.Length > 0 && await CatalogNames.CountIntegrationsAsync(reads, keys, ct) != keys.Length)
        {
            return (null, Problems.NotFound("One of the integrations is not in the catalog."));
        }

        return (new ClayFilters(owners.Length > 0 ? owners : null, keys.Length > 0 ? keys : null), null);
    }

    /// <summary>The values of <c>name[0]</c>, <c>name[1]</c>, … in index order, each with the parameter's own name.</summary>
    private static List<(string Name, string Value)> Indexed(IQueryCollection query, string name) =>
        query.Select(q => (q.Key, Match: IndexedName().Match(q.Key), q.Value))
            .Where(q => q.Match.Success && q.Match.Groups[1].Value == name)
            .OrderBy(q => long.TryParse(q.Match.Groups[2].Value, out var i) ? i : long.MaxValue)
            .SelectMany(q => q.Value.Select(v => (q.Key, v ?? string.Empty)))
            .ToList();

    [GeneratedRegex(@"^(\w{1,50})\[(\d{1,9})\]$")]
    private static partial Regex IndexedName();
}
