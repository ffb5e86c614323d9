namespace CreditLedger.Api.Tests.Auth;

/// <summary>A path no route matches is 404, with or without a key; a route that exists still asks for a key.</summary>
public class UnknownRouteTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/favicon.ico")]
    [InlineData("/v1/no-such-route")]
    public async Task A_path_no_route_matches_is_404_without_a_key(string path)
    {
        using var anonymous = api.CreateClient();

        await (await anonymous.GetAsync(path)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_path_no_route_matches_is_404_with_the_admin_key_too()
    {
        var response = await api.Admin().GetAsync("/v1/no-such-route");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_route_that_exists_still_answers_401_without_a_key()
    {
        using var anonymous = api.CreateClient();

        (await anonymous.GetAsync("/v1/workspaces")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
