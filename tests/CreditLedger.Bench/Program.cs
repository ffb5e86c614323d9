using CreditLedger.Bench;

var options = new Args(args);
return options.Mode switch
{
    "seed-reports" => await ReportSeeder.RunAsync(options),
    "reports" => await ReportBench.RunAsync(options),
    "setup-ingest" => await IngestSetup.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        CreditLedger.Bench MODE [--option value ...]
          seed-reports  --url URL --admin-key KEY --owner-connection CS [--workspaces 200] [--events 5000000] [--days 90]
          reports       --url URL --admin-key KEY --owner-connection CS [--requests 400]
          setup-ingest  --url URL --admin-key KEY --out FILE [--workspaces 100]
        """);
    return 2;
}
