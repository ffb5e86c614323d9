using CreditLedger.Client.Generated.Models;
using CreditLedger.Examples.EnrichmentRunner;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>examples/csharp/EnrichmentRunner against the service: charged only for what was found, paused by a 402 until a top-up.</summary>
public class EnrichmentRunnerExampleTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task The_runner_charges_found_rows_only_cancels_failed_calls_and_resumes_after_a_top_up()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 2);
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key);
        var problems = new List<Problem>();
        var runner = new Runner(host.Client, id, new ScriptedFinder(), async (problem, ct) =>
        {
            problems.Add(problem);
            await (await Api.Admin().Post($"/v1/workspaces/{id}/grants",
                new { currency = "data_credits", amount = 10, source = "purchase", idempotencyKey = $"top-up-{problems.Count}" })).Expect(HttpStatusCode.Created);
        });
        var rows = Enumerable.Range(0, 5).Select(i => new Row($"r{i}", $"Person {i}", "example.com"));

        var summary = await runner.RunAsync("run-1", rows);

        summary.ShouldBe(new RunSummary(Found: 3, NotFound: 1, Failed: 1, Pauses: 1));
        problems.Single().Type.ShouldEndWith("/insufficient-credits");
        (await Available(id)).DataCredits.ShouldBe(2 + 10 - 3, "one data credit per address found, nothing for not found or failed");
        (await Api.ScalarAsync<long>("SELECT count(*) FROM enrichments WHERE workspace_id = $1 AND status = 'pending'", id)).ShouldBe(0);
    }

    /// <summary>Rows r0, r1, r3 found, r2 not found, r4 a failed call.</summary>
    private sealed class ScriptedFinder : IEmailFinder
    {
        public Task<string?> FindAsync(Row row, CancellationToken ct) => row.Id switch
        {
            "r2" => Task.FromResult<string?>(null),
            "r4" => throw new HttpRequestException("provider timed out"),
            _ => Task.FromResult<string?>($"{row.Id}@{row.Domain}"),
        };
    }
}
