using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Base for tests that move credit: the ledger invariants are checked after every test.</summary>
public abstract class LedgerTest(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>, IAsyncLifetime
{
    protected LedgerApiFactory Api { get; } = api;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => LedgerInvariants.AssertAllAsync(Api);

    protected Task<HttpResponseMessage> Usage(Guid workspaceId, object body) =>
        Api.Admin().Post($"/v1/workspaces/{workspaceId}/usage", body);

    protected static object Enrichment(string service, string outcome, string? key = null, int quantity = 1) => new
    {
        idempotencyKey = key ?? Guid.NewGuid().ToString(),
        kind = "enrichment",
        integration = "leadmagic",
        service,
        outcome,
        quantity,
    };

    protected async Task<(decimal Actions, decimal DataCredits)> Available(Guid workspaceId)
    {
        var balance = await Api.Balance(workspaceId);
        return (balance.GetProperty("actions").Amount("available"), balance.GetProperty("dataCredits").Amount("available"));
    }

    protected Task<long> Count(string table, Guid workspaceId) =>
        Api.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE workspace_id = $1", workspaceId);
}
