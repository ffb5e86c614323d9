using System.Net;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Workspaces, keys and users created through the API, as a client would.</summary>
public static class Seed
{
    public static async Task<Guid> Workspace(this LedgerApiFactory api, decimal actions = 100, decimal dataCredits = 100, string? timeZone = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Acme GTM",
            ["plan"] = new { name = "Pro", actionsPerCycle = actions, dataCreditsPerCycle = dataCredits },
        };
        if (timeZone is not null)
        {
            body["timeZone"] = timeZone;
        }

        var workspace = await (await api.Admin().Post("/v1/workspaces", body)).Expect(HttpStatusCode.Created);
        return workspace.Id();
    }

    public static async Task<(Guid Id, string Key)> ApiKey(this LedgerApiFactory api, Guid workspaceId)
    {
        var key = await (await api.Admin().Post($"/v1/workspaces/{workspaceId}/api-keys", new { name = "ci" })).Expect(HttpStatusCode.Created);
        return (key.Id(), key.Str("key"));
    }

    public static async Task<HttpClient> WorkspaceClient(this LedgerApiFactory api, Guid workspaceId) =>
        api.WithKey((await api.ApiKey(workspaceId)).Key);

    public static async Task<Guid> User(this LedgerApiFactory api, Guid workspaceId, string? email = null)
    {
        var user = await (await api.Admin().Post($"/v1/workspaces/{workspaceId}/users",
            new { email = email ?? $"{Guid.NewGuid():N}@example.com", name = "Ada" })).Expect(HttpStatusCode.Created);
        return user.Id();
    }

    public static async Task<JsonElement> Balance(this LedgerApiFactory api, Guid workspaceId) =>
        await (await api.Admin().GetAsync($"/v1/workspaces/{workspaceId}/balance")).Expect(HttpStatusCode.OK);
}
