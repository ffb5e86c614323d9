// Runs the enrichment runner against a CreditLedger service with a stub provider:
//   CREDITLEDGER_URL=http://127.0.0.1:5080 CREDITLEDGER_KEY=… WORKSPACE_ID=… dotnet run --project examples/csharp/EnrichmentRunner
using CreditLedger.Client;
using CreditLedger.Client.Generated;
using CreditLedger.Client.Generated.Models;
using CreditLedger.Examples.EnrichmentRunner;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddCreditLedgerClient(options =>
{
    options.BaseAddress = new Uri(Environment.GetEnvironmentVariable("CREDITLEDGER_URL") ?? "http://127.0.0.1:5080");
    options.ApiKey = Environment.GetEnvironmentVariable("CREDITLEDGER_KEY");
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<CreditLedgerApiClient>();
var workspaceId = Guid.Parse(Environment.GetEnvironmentVariable("WORKSPACE_ID") ?? throw new InvalidOperationException("set WORKSPACE_ID"));

var runner = new Runner(client, workspaceId, new StubFinder(), WaitForTopUpAsync);
var rows = Enumerable.Range(1, 20).Select(i => new Row($"row-{i}", $"Person {i}", $"company{i}.example"));
var summary = await runner.RunAsync($"example-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}", rows);
Console.WriteLine(summary);

// Out of credits: say so, and poll the balance until someone tops it up.
async Task WaitForTopUpAsync(Problem problem, CancellationToken ct)
{
    Console.WriteLine($"Paused: {problem.Detail} Waiting for a top-up of {problem.Currency}…");
    while (true)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), ct);
        var balance = await client.V1.Workspaces[workspaceId].Balance.GetAsync(cancellationToken: ct);
        var available = problem.Currency == Problem_currency.Actions ? balance!.Actions!.Available : balance!.DataCredits!.Available;
        if (available >= problem.Required)
        {
            return;
        }
    }
}

/// <summary>A provider stand-in: finds an address for two rows in three, never fails.</summary>
internal sealed class StubFinder : IEmailFinder
{
    public Task<string?> FindAsync(Row row, CancellationToken ct) =>
        Task.FromResult(int.Parse(row.Id["row-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? null : $"{row.FullName.Split(' ')[0].ToLowerInvariant()}@{row.Domain}");
}
