using CreditLedger.Bench;

var options = new Args(args);
return options.Mode switch
{
    "seed-reports" => await ReportSeeder.RunAsync(options),
    "reports" => await ReportBench.RunAsync(options),
    "report-growth" => await ReportGrowth.RunAsync(options),
    "setup-ingest" => await IngestSetup.RunAsync(options),
    "chaos-load" => await ChaosLoad.RunAsync(options),
    "chaos-verify" => await ChaosVerify.RunAsync(options),
    "race" => await RaceLoad.RunAsync(options),
    "noisy-neighbour" => await NoisyNeighbour.RunAsync(options),
    "http-floor" => await HttpFloor.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        CreditLedger.Bench MODE [--option value ...]
          seed-reports  --url URL --admin-key KEY --owner-connection CS [--workspaces 200] [--events 5000000] [--days 90]
          reports       --url URL --admin-key KEY --owner-connection CS [--requests 400]
          report-growth --small-url URL --large-url URL --admin-key KEY [--requests 400]
          setup-ingest  --url URL --admin-key KEY --out FILE [--workspaces 100] [--data-credits N]
          chaos-load    --url URL --workspaces-file FILE --out ACKS --run RUN [--seconds 60] [--workers 32]
          chaos-verify  --url URL --admin-key KEY --owner-connection CS --acks ACKS --run RUN
          race          --url URL --workspaces-file FILE [--debits 10000] [--connections 64]
          noisy-neighbour --url URL --admin-key KEY [--seconds 20] [--entries 100000]
          http-floor    --url URL   (serves POST /v1/workspaces/{id}/usage: parse, hash, 201; no database)
        """);
    return 2;
}
