namespace CreditLedger.Api.Tests.Workspaces;

public class WorkspaceTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Creating_a_workspace_returns_it_with_its_plan_and_current_cycle()
    {
        var response = await api.Admin().Post("/v1/workspaces", new
        {
            name = "Acme",
            plan = new { name = "Pro", actionsPerCycle = 1000, dataCreditsPerCycle = 250.5m },
            timeZone = "Europe/Berlin",
        });

        var workspace = await response.Expect(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/v1/workspaces/{workspace.Id()}");
        workspace.Str("name").ShouldBe("Acme");
        workspace.Str("timeZone").ShouldBe("Europe/Berlin");
        workspace.GetProperty("plan").Amount("dataCreditsPerCycle").ShouldBe(250.5m);
        workspace.GetProperty("plan").GetProperty("dataCreditsPerCycle").GetRawText().ShouldBe("250.5");
        var created = workspace.GetProperty("createdAt").GetDateTimeOffset();
        workspace.GetProperty("cycle").GetProperty("start").GetDateTimeOffset().ShouldBe(created);
        workspace.GetProperty("cycle").GetProperty("end").GetDateTimeOffset().ShouldBe(created.AddMonths(1));
        workspace.Str("createdAt").ShouldEndWith("Z");
    }

    [Fact]
    public async Task The_default_time_zone_is_UTC_and_the_workspace_can_be_read_back()
    {
        var id = await api.Workspace();
        var workspace = await (await api.Admin().GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
        workspace.Str("timeZone").ShouldBe("UTC");
        var list = await (await api.Admin().GetAsync("/v1/workspaces")).Expect(HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().Select(w => w.Id()).ShouldContain(id);
    }

    [Fact]
    public async Task Missing_and_out_of_range_fields_are_400_validation_problems_naming_each_field()
    {
        var problem = await (await api.Admin().Post("/v1/workspaces", new { plan = new { name = "", actionsPerCycle = -1, dataCreditsPerCycle = 0.00001m } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("name", out _).ShouldBeTrue();
        errors.TryGetProperty("plan.name", out _).ShouldBeTrue();
        errors.TryGetProperty("plan.actionsPerCycle", out _).ShouldBeTrue();
        errors.TryGetProperty("plan.dataCreditsPerCycle", out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("{\"name\": \"x\", ")]
    [InlineData("{\"name\": 42, \"plan\": {\"name\": \"p\", \"actionsPerCycle\": 1, \"dataCreditsPerCycle\": 1}}")]
    [InlineData("{\"name\": \"x\", \"plan\": {\"name\": \"p\", \"actionsPerCycle\": \"many\", \"dataCreditsPerCycle\": 1}}")]
    [InlineData("{\"name\": \"x\", \"plan\": {\"name\": \"p\", \"actionsPerCycle\": 1, \"dataCreditsPerCycle\": 1}, \"color\": \"red\"}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Malformed_bodies_are_400_problems_and_create_nothing(string body)
    {
        var before = await api.ScalarAsync<long>("SELECT count(*) FROM workspaces");
        await (await api.Admin().PostRaw("/v1/workspaces", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await api.ScalarAsync<long>("SELECT count(*) FROM workspaces")).ShouldBe(before);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    public async Task Unknown_time_zones_are_rejected(string timeZone) =>
        await (await api.Admin().Post("/v1/workspaces", new { name = "x", plan = new { name = "p", actionsPerCycle = 1, dataCreditsPerCycle = 1 }, timeZone }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");

    [Fact]
    public async Task An_unknown_workspace_is_404()
    {
        await (await api.Admin().GetAsync($"/v1/workspaces/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await api.Admin().GetAsync("/v1/workspaces/not-a-guid")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_plan_raise_mid_cycle_grants_the_difference_until_the_cycle_ends()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 50);
        api.Clock.Advance(TimeSpan.FromDays(10));

        var workspace = await (await api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "Scale", actionsPerCycle = 300, dataCreditsPerCycle = 40 }))
            .Expect(HttpStatusCode.OK);

        workspace.GetProperty("plan").Str("name").ShouldBe("Scale");
        var balance = await api.Balance(id);
        balance.GetProperty("actions").Amount("available").ShouldBe(300);
        balance.GetProperty("dataCredits").Amount("available").ShouldBe(50); // a cut applies from the next cycle
        var grants = await (await api.Admin().GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK);
        var raise = grants.GetProperty("items").EnumerateArray().Single(g => g.Amount("amount") == 200);
        raise.Str("source").ShouldBe("subscription");
        raise.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(workspace.GetProperty("cycle").GetProperty("end").GetDateTimeOffset());
    }
}
