using System.ComponentModel.DataAnnotations;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Reports.Value;

/// <summary>The value report's query: a half-open range of when entries were recorded.</summary>
/// <param name="From">Start of the range, ISO-8601 with any offset (inclusive).</param>
/// <param name="To">End of the range (exclusive); at most 366 days after from.</param>
// Required in the document; still bound as text so that a missing or bad one gets the service's own 400 naming it.
public sealed record ValueParameters([FromQuery(Name = "from")][Required] string? From, [FromQuery(Name = "to")][Required] string? To);

/// <summary>
/// For finance: credit granted, consumed, expired and voided over a range, in credits and in the workspace's price
/// currency at each grant's unit price, and what is still outstanding now. Due expiries are applied first.
/// </summary>
public static class ValueReportEndpoints
{
    public static async Task<IResult> GetValueReport(
        Guid workspaceId, [AsParameters] ValueParameters parameters, HttpRequest request, ReadSource reads, CreditEngine engine, TimeProvider clock,
        CancellationToken ct)
    {
        await engine.CatchUpAsync(workspaceId, ct);
        return await ReportContext.RunAsync(request, workspaceId, new ReportParameters(parameters.From, parameters.To, null, null, "json"), reads,
            RangeParameters.V1, async context =>
            {
                var report = await ValueReport.ReadAsync(reads, workspaceId, context.Query.From, context.Query.To, clock.GetUtcNow(), ct);
                return report is null ? Problems.NotFound("No such workspace.") : context.Json(report);
            });
    }
}
