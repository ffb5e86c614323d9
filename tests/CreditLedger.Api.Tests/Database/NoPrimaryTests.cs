using Npgsql;

namespace CreditLedger.Api.Tests.Database;

public class NoPrimaryTests(NoPrimaryFactory api) : IClassFixture<NoPrimaryFactory>
{
    [Theory]
    [InlineData("GET", "/v1/workspaces")]
    [InlineData("POST", "/v1/workspaces/6f9619ff-8b86-d011-b42d-00cf4fc964ff/usage")]
    public async Task Requests_while_no_primary_is_reachable_get_503_never_500(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{\"idempotencyKey\":\"k\",\"kind\":\"export\"}", System.Text.Encoding.UTF8, "application/json") : null,
        };

        await (await api.Admin().SendAsync(request)).ExpectProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
    }
}
