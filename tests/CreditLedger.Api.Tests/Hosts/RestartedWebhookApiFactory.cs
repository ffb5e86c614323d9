using Microsoft.Extensions.Time.Testing;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>A second service process on the same database and clock: what a restart after a kill looks like to the outbox.</summary>
public sealed class RestartedWebhookApiFactory(string databaseName, FakeTimeProvider clock) : LedgerApiFactory(clock.GetUtcNow())
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
        ["CreditLedger:Webhooks:Lease"] = "00:00:20",
        ["CreditLedger:Webhooks:PollInterval"] = "00:00:00.100",
    };

    /// <summary>Uses the database the first process left (the test drops it).</summary>
    public override Task InitializeAsync()
    {
        DatabaseName = databaseName;
        return Task.CompletedTask;
    }
}
