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
using Npgsql;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.LedgerEntries;

public static class LedgerEntryEndpoints
{
    public static void MapLedgerEntryEndpoints(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/v1/workspaces/{workspaceId:guid}/ledger").WithTags("Ledger").RequireWorkspaceAccess();
        ledger.MapGet("/", ListEntries).RequireScope(Scopes.ReportsRead).AddEndpointFilter<ReplicaFallbackFilter>()
            .WithSummary("Ledger entries in sequence order, filtered on recordedAt [from, to) and currency; paged by cursor.");
        ledger.MapPost("/{entryId:guid}/reverse", Reverse).RequireAdmin().Validate<ReverseRequest>()
            .WithSummary("Append the opposite of a grant or charge entry (once per entry).");
        ledger.MapGet("/verify", Verify).RequireScope(Scopes.ReportsRead).RequireRateLimiting(RateLimiting.Expensive).AddEndpointFilter<ReplicaFallbackFilter>()
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
        LedgerSessionFactory ledger, CancellationToken ct)
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

        await ledger.CatchUpAsync(workspaceId, ct); // a new cycle's expiries and grants are entries this page may show
        var pageSize = limit ?? 100;
        await using var command = reads.Database.CreateCommand($"""
            SELECT {LedgerReader.Columns} FROM ledger_entries
            WHERE workspace_id = $1 AND sequence > $2
              AND ($3::timestamptz IS NULL OR recorded_at >= $3) AND ($4::timestamptz IS NULL OR recorded_at < $4)
              AND ($5::text IS NULL OR currency = $5)
            ORDER BY sequence LIMIT $6
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)currency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = pageSize + 1 });
        var items = new List<LedgerEntryResponse>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(LedgerReader.Read(reader).ToResponse());
        }

        var more = items.Count > pageSize;
        if (more)
        {
            items.RemoveAt(pageSize);
        }

        return TypedResults.Ok(new LedgerPage(items, more ? items[^1].Sequence.ToString(CultureInfo.InvariantCulture) : null));
    }

    public static async Task<Results<Created<LedgerEntryResponse>, ProblemHttpResult>> Reverse(
        Guid workspaceId, Guid entryId, ReverseRequest request, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var original = await LedgerReader.FindAsync(session.Connection, workspaceId, entryId, ct);
        if (original is null)
        {
            return Problems.NotFound("No such ledger entry in this workspace.");
        }

        if (await AlreadyReversedAsync(session.Connection, workspaceId, entryId, ct))
        {
            return Problems.Conflict("This entry has already been reversed.");
        }

        await LedgerStore.LoadGrantsAsync(session.Connection, book, original.GrantId is { } g ? [g] : [], ct);
        await SpendLimitStore.LoadPathsAsync(session.Connection, book, [original.ResourceId], ct);
        var (entry, error) = book.Reverse(original, request.Reason!.Trim(), await LedgerReader.SpendOriginAsync(session.Connection, original, ct));
        if (entry is null)
        {
            return Problems.Conflict(error!);
        }

        await session.CommitAsync(ct);
        return TypedResults.Created($"/v1/workspaces/{workspaceId}/ledger?cursor={entry.Sequence - 1}&limit=1", entry.ToResponse());
    }

    /// <summary>Incremental verification for every reader; <c>full=true</c> (admin) re-hashes the whole chain.</summary>
    public static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult, ValidationProblem>> Verify(
        Guid workspaceId, [FromQuery(Name = "full")] string? fullText, HttpContext http,
        ReadSource reads, NpgsqlDataSource primary, TimeProvider clock, CancellationToken ct)
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

        return TypedResults.Ok(await ChainVerifier.VerifyAsync(reads.Database, primary, workspaceId, full, clock, ct));
    }

    private static async Task<bool> AlreadyReversedAsync(NpgsqlConnection connection, Guid workspaceId, Guid entryId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "SELECT 1 FROM ledger_entries WHERE workspace_id = $1 AND reverses_entry_id = $2", workspaceId, entryId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}

public sealed class ReverseRequestValidator : AbstractValidator<ReverseRequest>
{
    public ReverseRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500);
}
