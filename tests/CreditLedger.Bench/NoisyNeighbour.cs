using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace CreditLedger.Bench;

/// <summary>
/// One tenant attacks, another only records single events: the victim's latency is measured alone, then while the
/// attacker runs chain verifications of a 100k-entry ledger, 1,000-event batches, single events and hour-granularity
/// CSV reports in Asia/Kathmandu. Prints the victim's p50/p99 before and during, its errors, and /health/ready.
/// </summary>
public static class NoisyNeighbour
{
    private sealed record Tenant(Guid Id, HttpClient Client);

    public static async Task<int> RunAsync(Args args)
    {
        var url = args.Required("url");
        var admin = Http.Admin(url, args.Required("admin-key"));
        var seconds = args.Number("seconds", 20);
        var victim = await TenantAsync(admin, url, "victim", 64);
        var attacker = await TenantAsync(admin, url, "attacker", 256);
        await FillAsync(attacker, args.Number("entries", 100_000));

        var before = await MeasureVictimAsync(victim, TimeSpan.FromSeconds(seconds), attack: null);
        var attackStatuses = new ConcurrentDictionary<string, int>();
        var kinds = args.Get("attack", "verify,batch,single,csv").Split(',');
        var polite = args.Get("retry-at-once", "false") != "true";
        Console.WriteLine(polite ? "attacker honours Retry-After after a 429" : "attacker retries at once after a 429 (spins on the shared cores)");
        var during = await MeasureVictimAsync(victim, TimeSpan.FromSeconds(seconds), stop => AttackAsync(attacker, kinds, polite, attackStatuses, stop));
        var healthFailures = during.HealthFailures;

        Console.WriteLine($"victim before: {before.Stats.Summary()}, errors {before.Errors}");
        Console.WriteLine($"victim during: {during.Stats.Summary()}, errors {during.Errors}");
        Console.WriteLine($"victim p99 ratio (during / before): {during.Stats.Percentile(99) / before.Stats.Percentile(99):0.00} (goal <= 3)");
        Console.WriteLine($"health/ready failures during the attack: {healthFailures} of {during.HealthProbes}");
        Console.WriteLine("attacker answers: " + string.Join(", ", attackStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}")));
        await PrintMetricsAsync(admin);
        var met = during.Errors == 0 && healthFailures == 0 && during.Stats.Percentile(99) <= 3 * before.Stats.Percentile(99);
        Console.WriteLine(met ? "goal met" : "goal NOT met");
        return 0;
    }

    /// <summary>The CreditLedger meter after the attack, as /metrics shows it (admin key).</summary>
    private static async Task PrintMetricsAsync(HttpClient admin)
    {
        var text = await admin.GetStringAsync("/metrics");
        var own = text.Split('\n').Where(l => l.StartsWith("creditledger_", StringComparison.Ordinal)
            && (l.Contains("_total{", StringComparison.Ordinal) || l.Contains("_count{", StringComparison.Ordinal))
            && !l.Contains("workspace_id", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"/metrics after the attack ({own.Count} creditledger_* totals and counts, per-workspace series left out):");
        own.ForEach(l => Console.WriteLine("  " + l.Replace("otel_scope_name=\"CreditLedger\",", "", StringComparison.Ordinal)));
    }

    private static async Task<Tenant> TenantAsync(HttpClient admin, string url, string name, int connections)
    {
        var workspace = await (await admin.PostAsJsonAsync("/v1/workspaces", new
        {
            name, plan = new { name = "bench", actionsPerCycle = 100_000_000, dataCreditsPerCycle = 100_000_000 },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = workspace.GetProperty("id").GetGuid();
        var key = await (await admin.PostAsJsonAsync($"/v1/workspaces/{id}/api-keys", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        return new Tenant(id, Http.Admin(url, key.GetProperty("key").GetString()!, connections));
    }

    /// <summary>Grows the attacker's ledger with batches, waiting out its own event-rate limit.</summary>
    private static async Task FillAsync(Tenant attacker, int entries)
    {
        for (var sent = 0; sent < entries;)
        {
            var response = await attacker.Client.PostAsJsonAsync($"/v1/workspaces/{attacker.Id}/usage/batch", Batch($"fill-{sent}"));
            if ((int)response.StatusCode == 429)
            {
                await Task.Delay(TimeSpan.FromSeconds(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1));
                continue;
            }

            sent += 1000;
        }
    }

    private static object Batch(string prefix) =>
        new { events = Enumerable.Range(0, 1000).Select(i => new { idempotencyKey = $"{prefix}-{i}", kind = "export" }).ToArray() };

    private sealed record Measurement(Stats Stats, int Errors, int HealthFailures, int HealthProbes);

    private static async Task<Measurement> MeasureVictimAsync(Tenant victim, TimeSpan duration, Func<CancellationToken, Task>? attack)
    {
        using var stop = new CancellationTokenSource(duration);
        var samples = new ConcurrentBag<double>();
        var (errors, healthFailures, probes) = (0, 0, 0);
        var attackTask = attack?.Invoke(stop.Token) ?? Task.CompletedTask;
        var victims = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await victim.Client.PostAsJsonAsync($"/v1/workspaces/{victim.Id}/usage",
                    new { idempotencyKey = $"v-{Guid.NewGuid():N}", kind = "export" });
                samples.Add(watch.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var health = Task.Run(async () =>
        {
            using var probe = new HttpClient { BaseAddress = victim.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref probes);
                var ok = await probe.GetAsync("/health/ready").ContinueWith(t => t.IsCompletedSuccessfully && t.Result.IsSuccessStatusCode, TaskScheduler.Default);
                if (!ok)
                {
                    Interlocked.Increment(ref healthFailures);
                }

                await Task.Delay(250);
            }
        });
        await Task.WhenAll(victims.Append(health).Append(attackTask));
        return new Measurement(new Stats(samples), errors, healthFailures, probes);
    }

    private static Task AttackAsync(Tenant attacker, string[] kinds, bool polite, ConcurrentDictionary<string, int> statuses, CancellationToken stop)
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        var id = attacker.Id;
        var loops = new List<Task>();
        loops.AddRange(Loop(40, "verify", () => attacker.Client.GetAsync($"/v1/workspaces/{id}/ledger/verify")));
        loops.AddRange(Loop(4, "batch", () => attacker.Client.PostAsJsonAsync($"/v1/workspaces/{id}/usage/batch", Batch($"b-{Guid.NewGuid():N}"))));
        loops.AddRange(Loop(16, "single", () => attacker.Client.PostAsJsonAsync($"/v1/workspaces/{id}/usage", new { idempotencyKey = Guid.NewGuid().ToString(), kind = "export" })));
        loops.AddRange(Loop(8, "csv", () => attacker.Client.GetAsync(
            $"/v1/workspaces/{id}/reports/usage?from={from}&to={to}&granularity=hour&timeZone=Asia%2FKathmandu&format=csv")));
        return Task.WhenAll(loops);

        IEnumerable<Task> Loop(int workers, string name, Func<Task<HttpResponseMessage>> send) => Enumerable.Range(0, kinds.Contains(name) ? workers : 0).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await send().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
                var status = response is null ? "error" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                statuses.AddOrUpdate($"{name}:{status}", 1, (_, n) => n + 1);
                if (polite && response?.Headers.RetryAfter?.Delta is { } wait)
                {
                    await Task.Delay(wait, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }));
    }
}
