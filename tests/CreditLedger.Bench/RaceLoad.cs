using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace CreditLedger.Bench;

/// <summary>
/// Racing debits: --debits single-event requests from --connections concurrent clients over the workspaces in
/// --workspaces-file, whose balances cover only part of them. Prints how many succeeded per status.
/// </summary>
public static class RaceLoad
{
    public static async Task<int> RunAsync(Args args)
    {
        var workspaces = (await File.ReadAllLinesAsync(args.Required("workspaces-file"))).Select(l => l.Split(' ')).ToArray();
        var debits = args.Number("debits", 10_000);
        var statuses = new ConcurrentDictionary<int, int>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = args.Number("connections", 64) })
        {
            BaseAddress = new Uri(args.Required("url")),
        };
        var next = -1;
        var workers = Enumerable.Range(0, args.Number("connections", 64)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < debits)
            {
                var w = workspaces[i % workspaces.Length];
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/workspaces/{w[0]}/usage")
                {
                    Content = new StringContent(
                        $"{{\"idempotencyKey\":\"race-{i}\",\"kind\":\"enrichment\",\"integration\":\"leadmagic\",\"service\":\"email_finder\",\"outcome\":\"success\"}}",
                        Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", w[1]);
                using var response = await http.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        });
        await Task.WhenAll(workers);
        Console.WriteLine("race statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        Console.WriteLine($"RACE created={statuses.GetValueOrDefault(201)} refused={statuses.GetValueOrDefault(402)} other={statuses.Where(s => s.Key is not (201 or 402)).Sum(s => s.Value)}");
        return 0;
    }
}
