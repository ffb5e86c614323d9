using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CreditLedger.Api.Enrichments;

public static class EnrichmentQueries
{
    public static async Task<Results<Ok<EnrichmentResponse>, ProblemHttpResult>> GetEnrichment(
        Guid workspaceId, Guid enrichmentId, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await EnrichmentRow.FindAsync(connection, workspaceId, enrichmentId, ct);
        return row is null ? Problems.NotFound("No such enrichment in this workspace.") : TypedResults.Ok(row.ToResponse());
    }
}
