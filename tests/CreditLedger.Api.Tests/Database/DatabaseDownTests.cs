using Npgsql;

namespace CreditLedger.Api.Tests.Database;

public class DatabaseDownTests(UnreachableDatabaseFactory api) : IClassFixture<UnreachableDatabaseFactory>
{
    [Theory]
    [InlineData("GET", "/v1/workspaces")]
    [InlineData("GET", "/v1/integrations")]
    [InlineData("POST", "/v1/workspaces/6f9619ff-8b86-d011-b42d-00cf4fc964ff/usage")]
    public async Task Requests_get_503_problems_with_Retry_After_never_500(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{\"idempotencyKey\":\"k\",\"kind\":\"export\"}", System.Text.Encoding.UTF8, "application/json") : null,
        };
        var response = await api.Admin().SendAsync(request);

        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Readiness_reports_the_database_and_liveness_does_not()
    {
        (await api.WithKey(null).GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await api.WithKey(null).GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
