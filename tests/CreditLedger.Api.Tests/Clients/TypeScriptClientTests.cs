namespace CreditLedger.Api.Tests.Clients;

/// <summary>
/// clients/typescript's own <c>npm test</c>, against this service on a real port: the generated types match the committed
/// document, the compile checks hold (a usage request without idempotencyKey does not compile), and the client and the
/// TypeScript examples (the batch pusher) work end to end.
/// </summary>
public class TypeScriptClientTests(BrowserApiFactory api) : IClassFixture<BrowserApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LedgerInvariants.AssertAllAsync(api);

    [Fact]
    public async Task The_typescript_client_and_examples_pass_their_tests_against_the_service()
    {
        var npm = await Processes.RunAsync("npm", ["test", "--silent"], Path.Combine(Repository.Root, "clients", "typescript"),
            new Dictionary<string, string> { ["CREDITLEDGER_URL"] = api.RootUrl, ["CREDITLEDGER_ADMIN_KEY"] = LedgerApiFactory.AdminKey });

        npm.ExitCode.ShouldBe(0, npm.Log);
        npm.Output.ShouldContain("# fail 0");
        npm.Output.ShouldNotContain("# pass 0");
        // The pusher's workspace, seen from the database: each of its 2,500 events recorded once, though every batch was sent twice.
        (await api.ScalarAsync<long>(
            "SELECT count(*) FROM usage_events WHERE workspace_id IN (SELECT workspace_id FROM usage_events WHERE idempotency_key = 'push-0')")).ShouldBe(2_500);
    }
}
