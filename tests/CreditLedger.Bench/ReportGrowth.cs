using System.Diagnostics;

namespace CreditLedger.Bench;

/// <summary>
/// Report latency on two ledgers of different size, one service on each, with every request to one followed by the same
/// request to the other (the order alternating). This VM's speed drifts by more than the 1.5× being checked between two
/// runs of the same database, so sizes measured in separate runs cannot be compared; interleaved, both see the same drift.
/// </summary>
public static class ReportGrowth
{
    public static async Task<int> RunAsync(Args args)
    {
        var requests = args.Number("requests", 400);
        var key = args.Required("admin-key");
        using var small = Http.Admin(args.Required("small-url"), key, connections: 1);
        using var large = Http.Admin(args.Required("large-url"), key, connections: 1);
        var smallWorkspaces = await ReportBench.SeededWorkspacesAsync(small);
        var largeWorkspaces = await ReportBench.SeededWorkspacesAsync(large);
        var now = DateTimeOffset.UtcNow;
        await ReportBench.WarmUpAsync(small, smallWorkspaces, now);
        await ReportBench.WarmUpAsync(large, largeWorkspaces, now);

        Console.WriteLine("| report | small ledger | large ledger | p95 large ÷ small |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, path, days, _) in ReportBench.Cases)
        {
            var smallSamples = new List<double>(requests);
            var largeSamples = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var smallFirst = i % 2 == 0;
                for (var side = 0; side < 2; side++)
                {
                    var useSmall = (side == 0) == smallFirst;
                    var (http, workspaces, samples) = useSmall ? (small, smallWorkspaces, smallSamples) : (large, largeWorkspaces, largeSamples);
                    var started = Stopwatch.GetTimestamp();
                    await ReportBench.GetReportAsync(http, path, workspaces[i % workspaces.Length], now, days);
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            var (s, l) = (new Stats(smallSamples), new Stats(largeSamples));
            var ratio = l.Percentile(95) / s.Percentile(95);
            Console.WriteLine($"| {name} | {s.Summary()} | {l.Summary()} | {ratio:0.00} |");
            Console.WriteLine($"RESULT report=\"{name}\" small_p95_ms={s.Percentile(95):0.00} large_p95_ms={l.Percentile(95):0.00} ratio={ratio:0.00}");
        }

        return 0;
    }
}
