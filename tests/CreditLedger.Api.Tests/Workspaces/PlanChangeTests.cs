namespace CreditLedger.Api.Tests.Workspaces;

/// <summary>A plan raise grants only what is above the highest allowance this cycle already granted, under any concurrency.</summary>
public class PlanChangeTests(LedgerApiFactory api) : LedgerTest(api)
{
    private Task<HttpResponseMessage> ChangePlan(Guid id, decimal actions, decimal dataCredits = 100) =>
        Api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "p", actionsPerCycle = actions, dataCreditsPerCycle = dataCredits });

    private async Task<decimal> AvailableActions(Guid id) =>
        (await Api.Balance(id)).GetProperty("actions").Amount("available");

    [Fact]
    public async Task Twenty_concurrent_identical_raises_grant_the_difference_once()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ChangePlan(id, 200)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await AvailableActions(id)).ShouldBe(200);
        (await Count("grants", id)).ShouldBe(3);
    }

    [Fact]
    public async Task Lowering_and_raising_in_turn_never_grants_twice()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        foreach (var actions in new[] { 200m, 100m, 200m, 100m, 200m })
        {
            await (await ChangePlan(id, actions)).Expect(HttpStatusCode.OK);
        }

        (await AvailableActions(id)).ShouldBe(200);
    }

    [Fact]
    public async Task Concurrent_raises_and_lowerings_leave_the_highest_allowance_requested()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var allowances = Enumerable.Range(0, 20).Select(i => new[] { 50m, 150m, 100m, 250m, 200m }[i % 5]).ToList();

        var responses = await Task.WhenAll(allowances.Select(a => ChangePlan(id, a, dataCredits: a)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await AvailableActions(id)).ShouldBe(250);
        (await Api.Balance(id)).GetProperty("dataCredits").Amount("available").ShouldBe(250);
    }

    [Fact]
    public async Task A_new_cycle_grants_the_plan_as_it_is_then_and_raises_start_from_it()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await (await ChangePlan(id, 300)).Expect(HttpStatusCode.OK);
        await (await ChangePlan(id, 150)).Expect(HttpStatusCode.OK);
        Api.Clock.Advance(TimeSpan.FromDays(32));

        (await AvailableActions(id)).ShouldBe(150);
        await (await ChangePlan(id, 200)).Expect(HttpStatusCode.OK);
        (await AvailableActions(id)).ShouldBe(200);
    }
}
