using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CreditLedger.Bench;

public static class Http
{
    public static HttpClient Admin(string url, string key, int connections = 8)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Every item of a list route, following nextCursor (1,000 a page).</summary>
    public static async Task<List<JsonElement>> ListAllAsync(HttpClient http, string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await http.GetFromJsonAsync<JsonElement>($"{path}{separator}limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }
}
