using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Reports;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>Clay's lookups beside its credit reports: owners (users), user-created resources, app accounts (integrations).</summary>
public static class ClayDirectoryEndpoints
{
    public static void MapClayDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/workspaces/{workspaceId:guid}").WithTags("Clay credit usage (v3)")
            .RequireWorkspaceAccess().RequireScope(Scopes.ReportsRead);
        group.MapGet("/permissions", Owners).WithName("clayListOwners").WithSummary("Get a list of owners: the workspace's users.");
        group.MapPost("/resources_v2/", Resources).WithName("clayListResources").WithSummary("Get user-created resources, optionally of some owners and kinds.");
        group.MapGet("/app-accounts", AppAccounts).WithName("clayListAppAccounts").WithSummary("List all integrations, with whether this workspace uses its own API key.");
    }

    public static async Task<Ok<ClayOwners>> Owners(Guid workspaceId, ReadSource reads, CancellationToken ct) =>
        TypedResults.Ok(new ClayOwners((await CatalogNames.UsersAsync(reads, workspaceId, ct)).Select(u => new ClayOwner(u.Id, u.Email, u.Name)).ToList()));

    public static async Task<Results<Ok<ClayResources>, ValidationProblem>> Resources(
        Guid workspaceId, ClayResourcesRequest request, ReadSource reads, CancellationToken ct)
    {
        var kinds = request.Kinds;
        if (kinds is not null && kinds.FirstOrDefault(k => !ResourceTree.TryParseKind(k, out _)) is { } unknown)
        {
            return Problems.Validation("kinds", $"'{unknown}' is not one of: " + string.Join(", ", ResourceTree.KindNames) + ".");
        }

        var owners = request.OwnerIds is { Count: > 0 } ids ? ids.ToHashSet() : null;
        var rows = (await ResourceStore.LoadAllAsync(reads, workspaceId, ct))
            .Where(r => (owners is null || (r.OwnerUserId is { } o && owners.Contains(o))) && (kinds is not { Count: > 0 } || kinds.Contains(r.Kind.ToWire())));
        return TypedResults.Ok(new ClayResources(rows.Select(r => new ClayResource(r.Id, r.Name, r.Kind.ToWire(), r.ParentId, r.OwnerUserId, r.IsDeleted)).ToList()));
    }

    public static async Task<Ok<ClayAppAccounts>> AppAccounts(Guid workspaceId, ReadSource reads, CancellationToken ct)
    {
        var accounts = (await CatalogNames.OwnKeysAsync(reads, workspaceId, ct)).Select(a => new ClayAppAccount(a.Key, a.Name, a.OwnApiKey)).ToList();
        return TypedResults.Ok(new ClayAppAccounts(accounts));
    }
}
