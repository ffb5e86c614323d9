using System.Globalization;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.LedgerEntries;

public static class LedgerEntryEndpoints
{
    public static void MapLedgerEntryEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/v1/workspaces/{workspaceId:guid}/ledger").WithTags("Ledger").RequireWorkspaceAccess();
        ledger.MapGet("/", ListEntries).WithName("listLedgerEntries").RequireScope(Scopes.ReportsRead).AddEndpointFilter<ReplicaFallbackFilter>()
            .WithSummary("Ledger entries in sequence order, filtered on recordedAt [from, to) and currency; paged by cursor.");
        ledger.MapPost("/{entryId:guid}/reverse", Reverse).WithName("reverseLedgerEntry").RequireAdmin().Validate<ReverseRequest>().Produces<LedgerEntryResponse>(StatusCodes.Status201Created)
            .WithSummary("Append the opposite of a grant or charge entry (once per entry).");
        ledger.MapGet("/verify", Verify).WithName("verifyLedger").RequireScope(Scopes.ReportsRead).RequireRateLimiting(RateLimiting.Expensive).AddEndpointFilter<ReplicaFallbackFilter>()
            .WithSummary("Verify the workspace's hash chain from the last verified entry on; full=true (admin) re-hashes it all.");
    }

    private static DateTimeOffset? OptionalInstant(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (Instants.TryParse(text, out var instant))
        {
            return instant;
        }

        errors[name] = [$"Not an ISO-8601 timestamp such as {Instants.Example}."];
        return null;
    }

    public static async Task<Results<Ok<LedgerPage>, ValidationProblem>> ListEntries(
        Guid workspaceId, [FromQuery(Name = "from")] string? fromText, [FromQuery(Name = "to")] string? toText, string? currency,
        [FromQuery(Name = "limit")] string? limitText, string? cursor, ReadSource reads,
        CreditEngine engine, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var from = OptionalInstant(fromText, "from", errors);
        var to = OptionalInstant(toText, "to", errors);
        int? limit = null;
        if (limitText is not null)
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        }

        if (from is not null && to is not null && from >= to)
        {
            errors["from"] = ["Must be before 'to'."];
        }

        if (currency is not null && !CurrencyNames.TryParse(currency, out _))
        {
            errors["currency"] = ["Must be 'actions' or 'data_credits'."];
        }

        if (limit is < 1 or > 1000)
        {
            errors["limit"] = ["Must be between 1 and 1000."];
        }

        long after = 0;
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            errors["cursor"] = ["Not a cursor returned by this endpoint."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var page = await engine.ListEntriesAsync(reads, new EntryFilter(workspaceId, after, from, to, currency), limit ?? 100, ct);
        return TypedResults.Ok(page);
    }

    public static async Task<IResult> Reverse(Guid workspaceId, Guid entryId, ReverseRequest request, CreditEngine engine, CancellationToken ct) =>
        (await engine.ReverseAsync(new ReverseEntry(workspaceId, entryId, request.Reason!.Trim()), ct)).ToResult((entry, _) =>
            TypedResults.Created($"/v1/workspaces/{workspaceId}/ledger?cursor={entry.Sequence - 1}&limit=1", entry));

    /// <summary>Incremental verification for every reader; <c>full=true</c> (admin) re-hashes the whole chain.</summary>
    public static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult, ValidationProblem>> Verify(
        Guid workspaceId, [FromQuery(Name = "full")] string? fullText, HttpContext http,
        ReadSource reads, CreditEngine engine, CancellationToken ct)
    {
        if (fullText is not (null or "true" or "false"))
        {
            return Problems.Validation("full", "Must be 'true' or 'false'.");
        }

        var full = fullText == "true";
        if (full && !http.GetCaller().IsAdmin)
        {
            return Problems.Forbidden("A full re-verification needs the admin key.");
        }

        return TypedResults.Ok(await engine.VerifyAsync(reads, workspaceId, full, ct));
    }
}

public sealed class ReverseRequestValidator : AbstractValidator<ReverseRequest>
{
    public ReverseRequestValidator() => RuleFor(r => r.Reason).NotBlank().MaximumLength(500);
}
