using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CreditLedger.Bench;

/// <summary>
/// Load for fault injection: workers send single events and small batches with unique idempotency keys and
/// retry each one with the same key until the service acknowledges it (200/201), whatever happens to the
/// service or its database meanwhile. Acknowledged keys go to --out; status counts are printed.
/// </summary>
public static class ChaosLoad
{
    private static readonly ConcurrentDictionary<string, long> Statuses = new();

    public static async Task<int> RunAsync(Args args)
    {
        var workspaces = (await File.ReadAllLinesAsync(args.Required("workspaces-file"))).Select(l => l.Split(' ')).ToArray();
        var url = new Uri(args.Required("url"));
        var stopAt = DateTime.UtcNow.AddSeconds(args.Number("seconds", 60));
        var giveUpAt = stopAt.AddSeconds(120);
        var acknowledged = new ConcurrentBag<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(15),
        };
        var run = args.Get("run", Guid.NewGuid().ToString("N")[..8]);
        var workers = Enumerable.Range(0, args.Number("workers", 32)).Select(async worker =>
        {
            var random = new Random(worker);
            for (var n = 0; DateTime.UtcNow < stopAt; n++)
            {
                var workspace = workspaces[random.Next(workspaces.Length)];
                var (id, key) = (workspace[0], workspace[1]);
                var batch = n % 5 == 4;
                var keys = Enumerable.Range(0, batch ? 20 : 1).Select(i => $"{run}-{worker}-{n}-{i}").ToArray();
                var body = batch
                    ? "{\"events\":[" + string.Join(',', keys.Select(Event)) + "]}"
                    : Event(keys[0]);
                if (await SendUntilAcknowledgedAsync(http, key, $"/v1/workspaces/{id}/usage" + (batch ? "/batch" : ""), body, giveUpAt))
                {
                    foreach (var k in keys)
                    {
                        acknowledged.Add($"{id} {k}");
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        await File.WriteAllLinesAsync(args.Required("out"), acknowledged);
        Console.WriteLine("statuses: " + string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        Console.WriteLine($"acknowledged events: {acknowledged.Count}");
        return Statuses.ContainsKey("500") ? 1 : 0;
    }

    private static string Event(string key) =>
        $"{{\"idempotencyKey\":\"{key}\",\"kind\":\"enrichment\",\"integration\":\"leadmagic\",\"service\":\"email_finder\",\"outcome\":\"success\"}}";

    /// <summary>True once acknowledged; retries with the same key on connection errors and 5xx (a 500 is counted as a defect).</summary>
    private static async Task<bool> SendUntilAcknowledgedAsync(HttpClient http, string apiKey, string path, string body, DateTime giveUpAt)
    {
        while (DateTime.UtcNow < giveUpAt)
        {
            string status;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                using var response = await http.SendAsync(request);
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    Count(response.Headers.Contains("Idempotent-Replayed") ? "200-replay" : status);
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = "connection-error";
            }

            Count(status);
            if (status.StartsWith('4'))
            {
                return false;
            }

            await Task.Delay(100);
        }

        Count("gave-up");
        return false;
    }

    private static void Count(string status) => Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
}
