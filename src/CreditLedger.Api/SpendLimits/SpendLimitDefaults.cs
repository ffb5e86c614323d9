using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.SpendLimits;

/// <summary>The workspace's default workbook cap (Clay's "default limit for any new workbook"), and Clay's read of it.</summary>
public static class SpendLimitDefaults
{
    private const string Workbook = "workbook";

    public static async Task<Results<Ok<WorkbookDefaultResponse>, ProblemHttpResult>> Get(Guid workspaceId, CreditEngine engine, CancellationToken ct) =>
        await engine.WorkbookDefaultAsync(workspaceId, ct) is { } caps
            ? TypedResults.Ok(caps.ToDefaultResponse())
            : Problems.NotFound("No default workbook limit is set.");

    public static async Task<Results<Ok<WorkbookDefaultResponse>, ProblemHttpResult>> Put(
        Guid workspaceId, PutSpendLimitRequest request, CreditEngine engine, CancellationToken ct)
    {
        var caps = request.ToCaps();
        return await engine.SetSpendLimitAsync(new SetSpendLimit(workspaceId, null, caps), ct) is EngineResult<SpendLimitReading?>.Refused refused
            ? refused.Refusal.ToProblemResult()
            : TypedResults.Ok(caps.ToDefaultResponse());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid workspaceId, CreditEngine engine, CancellationToken ct) =>
        await engine.RemoveSpendLimitAsync(new RemoveSpendLimit(workspaceId, null), ct) is EngineResult<bool>.Refused refused
            ? refused.Refusal.ToProblemResult()
            : TypedResults.NoContent();

    /// <summary>Clay's <c>default-credit-limits</c>: the workbook default's Data Credit cap (null when there is none).</summary>
    public static async Task<Results<Ok<ClayDefaultCreditLimit>, ValidationProblem>> GetClay(
        Guid workspaceId, [FromQuery] string? appliesTo, CreditEngine engine, CancellationToken ct)
    {
        if (appliesTo != Workbook)
        {
            return Problems.Validation("appliesTo", "Must be 'workbook' (the only default limit there is).");
        }

        var caps = await engine.WorkbookDefaultAsync(workspaceId, ct);
        return TypedResults.Ok(new ClayDefaultCreditLimit(Workbook, SpendLimitMapping.Normalize(caps?.DataCredits)));
    }
}
