using System.Net.Http.Json;
using System.Text.Json;

namespace CreditLedger.Bench;

/// <summary>Creates the ingest benchmark's workspaces (plans large enough never to run out) and a key for each.</summary>
public static class IngestSetup
{
    public static async Task<int> RunAsync(Args args)
    {
        using var http = Http.Admin(args.Required("url"), args.Required("admin-key"));
        var lines = new List<string>();
        for (var i = 0; i < args.Number("workspaces", 100); i++)
        {
            var workspace = await Post(http, "/v1/workspaces", new
            {
                name = $"Ingest {i}",
                plan = new { name = "Bench", actionsPerCycle = 1_000_000_000, dataCreditsPerCycle = args.Number("data-credits", 1_000_000_000) },
            });
            var id = workspace.GetProperty("id").GetGuid();
            var key = await Post(http, $"/v1/workspaces/{id}/api-keys", new { name = "bench" });
            lines.Add($"{id} {key.GetProperty("key").GetString()}");
        }

        await File.WriteAllLinesAsync(args.Required("out"), lines);
        Console.WriteLine($"Created {lines.Count} workspaces with keys in {args.Required("out")}");
        return 0;
    }

    private static async Task<JsonElement> Post(HttpClient http, string path, object body) =>
        await (await http.PostAsJsonAsync(path, body)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
}
