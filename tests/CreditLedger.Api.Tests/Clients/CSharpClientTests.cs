using CreditLedger.Client.Generated.Models;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>The Kiota C# client, registered as applications register it, against the service.</summary>
public class CSharpClientTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task The_client_calls_with_its_key_and_reads_amounts_as_exact_decimals()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 5.5m);
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key);

        var usage = await host.Client.V1.Workspaces[id].Usage.PostAsync(new UsageRequest
        {
            IdempotencyKey = "cs-1", Kind = UsageRequest_kind.Enrichment, Integration = "leadmagic", Service = "email_finder", Outcome = UsageRequest_outcome.Success,
        });
        var balance = await host.Client.V1.Workspaces[id].Balance.GetAsync();

        var charged = usage!.Charges!.Where(c => c.Currency == ChargeResponse_currency.Data_credits).Sum(c => c.Amount!.Value);
        balance!.DataCredits!.Available.ShouldBe(5.5m - charged);
        (await Available(id)).DataCredits.ShouldBe(balance.DataCredits.Available!.Value);
    }

    [Fact]
    public async Task A_refusal_is_a_typed_problem_that_says_what_is_short()
    {
        var id = await Api.Workspace(actions: 0, dataCredits: 0);
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key);

        var problem = await Should.ThrowAsync<Problem>(() => host.Client.V1.Workspaces[id].Usage.PostAsync(new UsageRequest
        {
            IdempotencyKey = "cs-broke", Kind = UsageRequest_kind.Enrichment, Integration = "leadmagic", Service = "email_finder", Outcome = UsageRequest_outcome.Success,
        }));

        (problem.ResponseStatusCode, problem.Available).ShouldBe((402, 0m));
        problem.Type.ShouldEndWith("/insufficient-credits");
        problem.Required.ShouldNotBeNull().ShouldBeGreaterThan(0m);
        (await Count("usage_events", id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_keyed_post_whose_answer_was_lost_is_retried_and_charged_once()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        var network = FirstAttemptFails.AnswerLost("/usage");
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key, network);

        var usage = await host.Client.V1.Workspaces[id].Usage.PostAsync(new UsageRequest
        {
            IdempotencyKey = "cs-lost", Kind = UsageRequest_kind.Enrichment, Integration = "leadmagic", Service = "email_finder", Outcome = UsageRequest_outcome.Success,
        });

        network.Attempts.ShouldBe(2);
        usage!.Charges.ShouldNotBeEmpty();
        (await Count("usage_events", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_post_without_a_key_whose_answer_was_lost_is_not_retried()
    {
        var id = await Api.Workspace();
        var network = FirstAttemptFails.AnswerLost("/users");
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key, network);

        await Should.ThrowAsync<Exception>(() => host.Client.V1.Workspaces[id].Users.PostAsync(new CreateUserRequest { Email = "ada@example.com", Name = "Ada" }));

        network.Attempts.ShouldBe(1, "a retry could create the user twice");
        (await Count("users", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Any_request_refused_with_429_waits_and_tries_again_because_nothing_was_done()
    {
        var id = await Api.Workspace();
        var network = FirstAttemptFails.RateLimited("/users");
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key, network);

        var user = await host.Client.V1.Workspaces[id].Users.PostAsync(new CreateUserRequest { Email = "ada@example.com", Name = "Ada" });

        (network.Attempts, user!.Email).ShouldBe((2, "ada@example.com"));
        (await Count("users", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_settlement_whose_answer_was_lost_is_retried_because_it_is_idempotent_by_state()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        var network = FirstAttemptFails.AnswerLost("/complete");
        await using var host = new ClientHost(Api, (await Api.ApiKey(id)).Key, network);
        var enrichments = host.Client.V1.Workspaces[id].Enrichments;
        var held = await enrichments.PostAsync(new ReserveRequest { IdempotencyKey = "cs-hold", Integration = "leadmagic", Service = "email_finder" });

        var settled = await enrichments[held!.Id!.Value].Complete.PostAsync(new CompleteRequest { Outcome = CompleteRequest_outcome.Success });

        (network.Attempts, settled!.Status).ShouldBe((2, "charged"));
        (await Count("usage_events", id)).ShouldBe(1);
    }
}
