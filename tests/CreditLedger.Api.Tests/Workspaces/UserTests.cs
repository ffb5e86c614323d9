namespace CreditLedger.Api.Tests.Workspaces;

public class UserTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task Users_are_added_and_listed_with_their_workspace_key()
    {
        var id = await api.Workspace();
        var client = await api.WorkspaceClient(id);

        var user = await (await client.Post($"/v1/workspaces/{id}/users", new { email = "ada@example.com", name = "Ada" })).Expect(HttpStatusCode.Created);
        user.Str("email").ShouldBe("ada@example.com");

        var list = await (await client.GetAsync($"/v1/workspaces/{id}/users")).Expect(HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().Single().Id().ShouldBe(user.Id());
    }

    [Fact]
    public async Task A_duplicate_email_in_the_workspace_is_409_ignoring_case_but_other_workspaces_may_reuse_it()
    {
        var id = await api.Workspace();
        await api.User(id, "bob@example.com");
        await (await api.Admin().Post($"/v1/workspaces/{id}/users", new { email = "BOB@example.com", name = "Bob" }))
            .ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await api.User(await api.Workspace(), "bob@example.com");
    }

    [Theory]
    [InlineData("not-an-email", "Ada")]
    [InlineData("ada@example.com", "")]
    public async Task Invalid_users_are_400(string email, string name) =>
        await (await api.Admin().Post($"/v1/workspaces/{await api.Workspace()}/users", new { email, name }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
}
