using CreditLedger.Api;
using CreditLedger.Api.Database;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Rollups;

var builder = WebApplication.CreateBuilder(args);
if (args is ["rebuild-rollups", ..])
{
    return await RollupRebuilder.RunCommandAsync(builder.Configuration);
}

if (args is ["migrate", ..])
{
    return await MigrationRunner.RunCommandAsync(builder.Configuration);
}

builder.AddCreditLedger();
var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCreditLedger();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
