using System.Diagnostics;

namespace CreditLedger.Bench;

/// <summary>
/// Report latency on two ledgers of different size, one service on each, with every request to one followed by the same
/// request to the other (the order alternating). This VM's speed drifts by more than the 1.5× being checked between two
/// runs of the same database, so sizes measured in separate runs cannot be compared; interleaved, both see the same drift.
/// </summary>
public static class ReportGrowth
{
    /// <summary>One ledger's service, its seeded workspaces and the latencies measured on it.</summary>
    private sealed record Ledger(HttpClient Http, Guid[] Workspaces, List<double> Samples);

    public static async Task<int> RunAsync(Args args)
    {
        var requests = args.Number("requests", 400);
        var key = args.Required("admin-key");
        using var smallHttp = Http.Admin(args.Required("small-url"), key, connections: 1);
        using var largeHttp = Http.Admin(args.Required("large-url"), key, connections: 1);
        var small = new Ledger(smallHttp, await ReportBench.SeededWorkspacesAsync(smallHttp), []);
        var large = new Ledger(largeHttp, await ReportBench.SeededWorkspacesAsync(largeHttp), []);
        var now = DateTimeOffset.UtcNow;
        await ReportBench.WarmUpAsync(small.Http, small.Workspaces, now);
        await ReportBench.WarmUpAsync(large.Http, large.Workspaces, now);

        Console.WriteLine("| report | small ledger | large ledger | p95 large ÷ small |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, path, days, _) in ReportBench.Cases)
        {
            small.Samples.Clear();
            large.Samples.Clear();
            for (var i = 0; i < requests; i++)
            {
                foreach (var ledger in i % 2 == 0 ? [small, large] : new[] { large, small })
                {
                    var started = Stopwatch.GetTimestamp();
                    await ReportBench.GetReportAsync(ledger.Http, path, ledger.Workspaces[i % ledger.Workspaces.Length], now, days);
                    ledger.Samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            var (s, l) = (new Stats(small.Samples), new Stats(large.Samples));
            var ratio = l.Percentile(95) / s.Percentile(95);
            Console.WriteLine($"| {name} | {s.Summary()} | {l.Summary()} | {ratio:0.00} |");
            Console.WriteLine($"RESULT report=\"{name}\" small_p95_ms={s.Percentile(95):0.00} large_p95_ms={l.Percentile(95):0.00} ratio={ratio:0.00}");
        }

        return 0;
    }
}
