namespace CreditLedger.Api.Tests.Infrastructure;

public class OperationsTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Health_endpoints_answer_without_a_key()
    {
        await (await api.WithKey(null).GetAsync("/health/live")).Expect(HttpStatusCode.OK);
        await (await api.WithKey(null).GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Swagger_serves_the_OpenAPI_document_with_the_bearer_scheme()
    {
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        document.GetProperty("paths").TryGetProperty("/v1/workspaces/{workspaceId}/usage", out _).ShouldBeTrue();
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").Str("scheme").ShouldBe("bearer");
        (await api.WithKey(null).GetAsync("/swagger/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_body_over_one_MiB_is_413_payload_too_large()
    {
        var id = await api.Workspace();
        var huge = "{\"email\": \"a@example.com\", \"name\": \"" + new string('x', 1_100_000) + "\"}";
        await (await api.Admin().PostRaw($"/v1/workspaces/{id}/users", huge)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_answer_problems()
    {
        await (await api.Admin().GetAsync("/v1/nothing-here")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await api.Admin().DeleteAsync("/v1/workspaces")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_non_JSON_content_type_is_415()
    {
        var response = await api.Admin().PostRaw("/v1/workspaces", "name=x", "application/x-www-form-urlencoded");
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
