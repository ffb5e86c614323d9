using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using CreditLedger.Api.Reports;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Reports.Forecast;

public sealed record ForecastBasis(DateTimeOffset From, DateTimeOffset To);

public sealed record CurrencyForecastResponse(decimal Available, decimal DailyBurn, decimal? DaysLeft, DateTimeOffset? RunsOutAt, bool BeforeCycleEnd);

[OpenApiExample("""{"asOf":"2026-11-21T12:00:00Z","cycle":{"start":"2026-11-03T09:30:00Z","end":"2026-12-03T09:30:00Z"},"basis":{"from":"2026-11-14T12:00:00Z","to":"2026-11-21T12:00:00Z"},"actions":{"available":958,"dailyBurn":40,"daysLeft":23.95,"runsOutAt":"2026-12-15T10:48:00Z","beforeCycleEnd":false},"dataCredits":{"available":412.5,"dailyBurn":30,"daysLeft":13.75,"runsOutAt":"2026-12-05T06:00:00Z","beforeCycleEnd":false}}""")]
public sealed record ForecastResponse(
    DateTimeOffset AsOf, CycleResponse Cycle, ForecastBasis Basis, CurrencyForecastResponse Actions, CurrencyForecastResponse DataCredits);

/// <summary>
/// When credit runs out at the last week's pace: net charges of the last 7 × 24 hours from the rollups (no ledger scan)
/// against what is available now, after the cycle boundary is applied.
/// </summary>
public static class ForecastEndpoints
{
    public static async Task<Results<Ok<ForecastResponse>, ProblemHttpResult>> GetForecast(
        Guid workspaceId, ReadSource reads, CreditEngine engine, TimeProvider clock, CancellationToken ct)
    {
        var asOf = Instants.ToMicroseconds(clock.GetUtcNow());
        if (await engine.BalanceAsync(workspaceId, ct, asOf) is not { } balance)
        {
            return Problems.NotFound("No such workspace.");
        }

        var cycle = balance.Cycle;
        decimal[] available = [balance.Actions.Available, balance.DataCredits.Available];
        var from = asOf.AddDays(-BurnForecast.BasisDays);
        var rows = await RollupReader.LoadAsync(reads, workspaceId, from, asOf, new ReportShape(false, false, false, false, false), [from], ct);
        var actions = BurnForecast.Of(available[0], rows.Sum(r => r.Actions), asOf, cycle.End);
        var dataCredits = BurnForecast.Of(available[1], rows.Sum(r => r.DataCredits), asOf, cycle.End);
        return TypedResults.Ok(new ForecastResponse(asOf, new CycleResponse(cycle.Start, cycle.End), new ForecastBasis(from, asOf),
            ToResponse(actions), ToResponse(dataCredits)));
    }

    private static CurrencyForecastResponse ToResponse(CurrencyForecast f) => new(f.Available, f.DailyBurn, f.DaysLeft, f.RunsOutAt, f.BeforeCycleEnd);
}
