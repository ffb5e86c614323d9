using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CreditLedger.Api.SpendLimits;

/// <summary>The workspace's default workbook cap (Clay's "default limit for any new workbook"), and Clay's read of it.</summary>
public static class SpendLimitDefaults
{
    private const string Workbook = "workbook";

    public static async Task<Results<Ok<WorkbookDefaultResponse>, ProblemHttpResult>> Get(Guid workspaceId, NpgsqlDataSource database, CancellationToken ct) =>
        await SpendLimitSettings.WorkbookDefaultAsync(database, workspaceId, ct) is { } caps
            ? TypedResults.Ok(caps.ToDefaultResponse())
            : Problems.NotFound("No default workbook limit is set.");

    public static async Task<Results<Ok<WorkbookDefaultResponse>, ProblemHttpResult>> Put(
        Guid workspaceId, PutSpendLimitRequest request, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(workspaceId, ct) is not { } book)
        {
            return Problems.NotFound("No such workspace.");
        }

        var caps = request.ToCaps();
        await SpendLimitSettings.UpsertAsync(session.Connection, workspaceId, LimitScopeNames.WorkbookDefault, "", caps, book.Now, ct);
        book.Spend.WorkbookDefault = caps;
        await SpendRecount.RunAsync(session.Connection, book, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(caps.ToDefaultResponse());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid workspaceId, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(workspaceId, ct) is not { } book)
        {
            return Problems.NotFound("No such workspace.");
        }

        if (!await SpendLimitSettings.DeleteAsync(session.Connection, workspaceId, LimitScopeNames.WorkbookDefault, "", ct))
        {
            return Problems.NotFound("No default workbook limit is set.");
        }

        book.Spend.WorkbookDefault = null;
        await SpendRecount.RunAsync(session.Connection, book, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Clay's <c>default-credit-limits</c>: the workbook default's Data Credit cap (null when there is none).</summary>
    public static async Task<Results<Ok<ClayDefaultCreditLimit>, ValidationProblem>> GetClay(
        Guid workspaceId, [FromQuery] string? appliesTo, NpgsqlDataSource database, CancellationToken ct)
    {
        if (appliesTo != Workbook)
        {
            return Problems.Validation("appliesTo", "Must be 'workbook' (the only default limit there is).");
        }

        var caps = await SpendLimitSettings.WorkbookDefaultAsync(database, workspaceId, ct);
        return TypedResults.Ok(new ClayDefaultCreditLimit(Workbook, SpendLimitMapping.Normalize(caps?.DataCredits)));
    }
}
