using System.Text.Json;
using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>Report numbers equal an independent sum over what the test recorded, reversals included.</summary>
public class ReportTotalsTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static readonly string[] Kinds = ["enrichment", "enrichment", "enrichment", "table_run", "ai_call", "export", "send"];
    private static readonly string[] Services = ["email_finder", "email_validation", "mobile_finder", "mobile_validation", "company_finder"];
    private static readonly string[] Outcomes = ["success", "success", "not_found", "failed"];

    private sealed record Recorded(Guid UsageId, DateTimeOffset At, string Kind, Guid? User, string? Service, string Outcome, decimal Actions, decimal DataCredits);

    [Fact]
    public async Task Every_report_matches_an_independent_sum_of_a_random_mix_with_reversals()
    {
        var id = await Api.Workspace(actions: 100_000, dataCredits: 100_000);
        var users = new[] { await Api.User(id), await Api.User(id), await Api.User(id) };
        var recorded = await RecordRandomMix(id, users, new Random(20261121), count: 150);
        await ReverseSomeCharges(id, recorded, count: 12);
        var now = Api.Clock.GetUtcNow();
        var rng = new Random(7);

        foreach (var (from, to) in new[] { (now.AddDays(-31), now.AddHours(1)) }.Concat(Enumerable.Range(0, 6).Select(_ => RandomWindow(rng, now))))
        {
            var inRange = recorded.Where(r => r.At >= from && r.At < to).ToList();
            var q = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

            var usage = await Get($"/v1/workspaces/{id}/reports/usage?{q}&granularity=hour");
            Totals(usage).ShouldBe((inRange.Sum(r => r.Actions), inRange.Sum(r => r.DataCredits), (long)inRange.Count), $"window {q}");
            var daily = await Get($"/v1/workspaces/{id}/reports/usage?{q}&granularity=day"); // whole UTC days from the daily rollups
            Totals(daily).ShouldBe((inRange.Sum(r => r.Actions), inRange.Sum(r => r.DataCredits), (long)inRange.Count), $"daily {q}");
            foreach (var point in daily.GetProperty("series").EnumerateArray())
            {
                var (start, end) = (point.GetProperty("start").GetDateTimeOffset(), point.GetProperty("end").GetDateTimeOffset());
                point.GetProperty("events").GetInt64().ShouldBe(inRange.Count(r => r.At >= start && r.At < end));
            }
            // Zones whose boundaries split UTC hours: split hours come from raw facts, the rest from rollups.
            foreach (var zone in new[] { "Asia/Kathmandu", "Asia/Kolkata", "Australia/Lord_Howe" })
            {
                foreach (var unit in new[] { "hour", "day" })
                {
                    var zoned = await Get($"/v1/workspaces/{id}/reports/usage?{q}&granularity={unit}&timeZone={Uri.EscapeDataString(zone)}");
                    Totals(zoned).ShouldBe((inRange.Sum(r => r.Actions), inRange.Sum(r => r.DataCredits), (long)inRange.Count), $"{zone} {unit} {q}");
                    foreach (var point in zoned.GetProperty("series").EnumerateArray())
                    {
                        var (start, end) = (point.GetProperty("start").GetDateTimeOffset(), point.GetProperty("end").GetDateTimeOffset());
                        var inBucket = inRange.Where(r => r.At >= start && r.At < end).ToList();
                        (point.Amount("actions"), point.GetProperty("events").GetInt64())
                            .ShouldBe((inBucket.Sum(r => r.Actions), (long)inBucket.Count), $"{zone} {unit} bucket {start:O}");
                    }
                }
            }

            foreach (var kind in usage.GetProperty("byKind").EnumerateArray())
            {
                var ofKind = inRange.Where(r => r.Kind == kind.Str("kind")).ToList();
                (kind.Amount("actions"), kind.Amount("dataCredits"), kind.GetProperty("events").GetInt64())
                    .ShouldBe((ofKind.Sum(r => r.Actions), ofKind.Sum(r => r.DataCredits), (long)ofKind.Count));
            }

            var perUser = await Get($"/v1/workspaces/{id}/reports/users?{q}");
            foreach (var item in perUser.GetProperty("items").EnumerateArray())
            {
                Guid? user = item.GetProperty("userId").ValueKind == JsonValueKind.Null ? null : item.GetProperty("userId").GetGuid();
                var mine = inRange.Where(r => r.User == user).ToList();
                (item.Amount("actions"), item.Amount("dataCredits"), item.GetProperty("events").GetInt64())
                    .ShouldBe((mine.Sum(r => r.Actions), mine.Sum(r => r.DataCredits), (long)mine.Count));
            }

            var single = await Get($"/v1/workspaces/{id}/users/{users[1]}/reports/usage?{q}");
            Totals(single).Events.ShouldBe(inRange.Count(r => r.User == users[1]));

            var enrichments = inRange.Where(r => r.Kind == "enrichment").ToList();
            var integrations = await Get($"/v1/workspaces/{id}/reports/integrations?{q}");
            var leadmagic = integrations.GetProperty("items").EnumerateArray().Single(i => i.Str("integration") == "leadmagic");
            (leadmagic.GetProperty("attempts").GetInt64(), leadmagic.GetProperty("successes").GetInt64(), leadmagic.Amount("dataCredits"))
                .ShouldBe((enrichments.Count, enrichments.Count(r => r.Outcome == "success"), enrichments.Sum(r => r.DataCredits)));

            var byService = (await Get($"/v1/workspaces/{id}/integrations/leadmagic/reports/usage?{q}")).GetProperty("byService").EnumerateArray();
            foreach (var service in byService)
            {
                var ofService = enrichments.Where(r => r.Service == service.Str("service")).ToList();
                (service.Amount("actions"), service.GetProperty("attempts").GetInt64(), service.GetProperty("successes").GetInt64())
                    .ShouldBe((ofService.Sum(r => r.Actions), ofService.Count, ofService.Count(r => r.Outcome == "success")));
            }
        }
    }

    [Fact]
    public async Task Rebuilding_the_rollups_from_the_ledger_gives_the_rollups_every_write_folds_into()
    {
        var id = await Api.Workspace(actions: 100_000, dataCredits: 100_000);
        var recorded = await RecordRandomMix(id, [await Api.User(id)], new Random(99), count: 80);
        await ReverseSomeCharges(id, recorded, count: 6);
        await Api.FoldRollupJournalsAsync();
        var kept = await RollupSnapshot(id);

        await RollupRebuilder.RebuildAsync(Api.Services.GetRequiredService<NpgsqlDataSource>(), id, CancellationToken.None);

        (await RollupSnapshot(id)).ShouldBe(kept);
        kept.Count.ShouldBeGreaterThan(10);
    }

    private async Task<List<Recorded>> RecordRandomMix(Guid id, Guid[] users, Random rng, int count)
    {
        var recorded = new List<Recorded>();
        var now = Api.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var kind = Kinds[rng.Next(Kinds.Length)];
            var enrichment = kind == "enrichment";
            Guid? user = rng.Next(4) == 0 ? null : users[rng.Next(users.Length)];
            var body = new Dictionary<string, object?>
            {
                ["idempotencyKey"] = $"mix-{i}",
                ["kind"] = kind,
                ["quantity"] = rng.Next(1, 4),
                ["occurredAt"] = now.AddMinutes(-rng.Next(0, 30 * 24 * 60)).AddSeconds(-rng.Next(60)),
                ["outcome"] = Outcomes[rng.Next(Outcomes.Length)],
            };
            if (user is not null)
            {
                body["userId"] = user;
            }

            if (enrichment)
            {
                (body["integration"], body["service"]) = ("leadmagic", Services[rng.Next(Services.Length)]);
            }

            var usage = await (await Usage(id, body)).Expect(HttpStatusCode.Created);
            var charges = usage.GetProperty("charges").EnumerateArray().ToDictionary(c => c.Str("currency"), c => c.Amount("amount"));
            recorded.Add(new Recorded(usage.Id(), usage.GetProperty("occurredAt").GetDateTimeOffset(), kind, user,
                enrichment ? (string)body["service"]! : null, usage.Str("outcome"), charges.GetValueOrDefault("actions"), charges.GetValueOrDefault("data_credits")));
        }

        return recorded;
    }

    /// <summary>Reverses some charge entries and takes them off the expected amounts of their usage.</summary>
    private async Task ReverseSomeCharges(Guid id, List<Recorded> recorded, int count)
    {
        var charges = (await Get($"/v1/workspaces/{id}/ledger?limit=1000")).GetProperty("items").EnumerateArray()
            .Where(e => e.Str("type") == "charge").Take(count).ToList();
        foreach (var charge in charges)
        {
            await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge.Id()}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);
            var index = recorded.FindIndex(r => r.UsageId == charge.GetProperty("usageId").GetGuid());
            var refunded = -charge.Amount("amount");
            recorded[index] = charge.Str("currency") == "actions"
                ? recorded[index] with { Actions = recorded[index].Actions - refunded }
                : recorded[index] with { DataCredits = recorded[index].DataCredits - refunded };
        }
    }

    private async Task<List<string>> RollupSnapshot(Guid id)
    {
        var rows = new List<string>();
        await using var connection = await Api.OpenOwnerConnectionAsync();
        var sql = string.Join("\nUNION ALL\n", LedgerInvariants.RollupTables.Select(t => $"""
            SELECT concat_ws('|', '{t.Table}', {t.Bucket}, {t.Dimensions}, trim_scale(actions), trim_scale(data_credits), events, attempts, successes)
            FROM {t.Table} WHERE workspace_id = $1
            """).Concat(new[] { ("value_rollups_hourly", "bucket_hour"), ("value_rollups_daily", "bucket_day") }.Select(t => $"""
            SELECT concat_ws('|', '{t.Item1}', {t.Item2}, currency, grant_id, movement, trim_scale(amount))
            FROM {t.Item1} WHERE workspace_id = $1
            """)));
        await using var command = new NpgsqlCommand(sql + " ORDER BY 1", connection);
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static (DateTimeOffset, DateTimeOffset) RandomWindow(Random rng, DateTimeOffset now)
    {
        var from = now.AddMinutes(-rng.Next(1, 30 * 24 * 60)).AddSeconds(-rng.Next(60));
        return (from, from.AddMinutes(rng.Next(1, 10 * 24 * 60)).AddSeconds(rng.Next(60)));
    }

    private static (decimal Actions, decimal DataCredits, long Events) Totals(JsonElement report)
    {
        var totals = report.GetProperty("totals");
        var series = report.GetProperty("series").EnumerateArray().ToList();
        (series.Sum(p => p.Amount("actions")), series.Sum(p => p.GetProperty("events").GetInt64())).ShouldBe((totals.Amount("actions"), totals.GetProperty("events").GetInt64()));
        return (totals.Amount("actions"), totals.Amount("dataCredits"), totals.GetProperty("events").GetInt64());
    }

    private async Task<JsonElement> Get(string url) => await (await Api.Admin().GetAsync(url)).Expect(HttpStatusCode.OK);
}
