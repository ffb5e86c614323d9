using CreditLedger.Client.Generated;
using CreditLedger.Client.Generated.Models;

namespace CreditLedger.Examples.EnrichmentRunner;

/// <summary>A row of a table to enrich.</summary>
public sealed record Row(string Id, string FullName, string Domain);

/// <summary>The provider behind the enrichment: an e-mail address, null when it found none; it throws when the call failed.</summary>
public interface IEmailFinder
{
    Task<string?> FindAsync(Row row, CancellationToken ct);
}

/// <summary>How a run went: rows found, not found, failed, and how often it paused for credits.</summary>
public sealed record RunSummary(int Found, int NotFound, int Failed, int Pauses);

/// <summary>
/// Enriches rows the way CreditLedger is meant to be used: hold the most a row can cost before calling the provider,
/// then complete with the outcome (charged only when found) or cancel when the call failed, so a failure costs nothing.
/// When credits run out the reservation answers 402; the run pauses in <c>whenOutOfCredits</c> (wait for a top-up) and
/// tries the same row again with the same idempotency key, so nothing is held or charged twice.
/// </summary>
public sealed class Runner(CreditLedgerApiClient client, Guid workspaceId, IEmailFinder finder, Func<Problem, CancellationToken, Task> whenOutOfCredits)
{
    private const string Integration = "leadmagic";
    private const string Service = "email_finder";

    public async Task<RunSummary> RunAsync(string runId, IEnumerable<Row> rows, CancellationToken ct = default)
    {
        var (found, notFound, failed, pauses) = (0, 0, 0, 0);
        var enrichments = client.V1.Workspaces[workspaceId].Enrichments;
        foreach (var row in rows)
        {
            ReservationResponse reservation;
            while (true)
            {
                try
                {
                    var request = new ReserveRequest { IdempotencyKey = $"{runId}:{row.Id}", Integration = Integration, Service = Service, Quantity = 1 };
                    reservation = (await enrichments.PostAsync(request, cancellationToken: ct))!;
                    break;
                }
                catch (Problem problem) when (problem.ResponseStatusCode == 402)
                {
                    pauses++;
                    await whenOutOfCredits(problem, ct);
                }
            }

            string? email;
            try
            {
                email = await finder.FindAsync(row, ct);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                await enrichments[reservation.Id!.Value].Cancel.PostAsync(cancellationToken: ct);
                failed++;
                continue;
            }

            var outcome = email is null ? CompleteRequest_outcome.Not_found : CompleteRequest_outcome.Success;
            await enrichments[reservation.Id!.Value].Complete.PostAsync(new CompleteRequest { Outcome = outcome }, cancellationToken: ct);
            (found, notFound) = email is null ? (found, notFound + 1) : (found + 1, notFound);
        }

        return new RunSummary(found, notFound, failed, pauses);
    }
}
