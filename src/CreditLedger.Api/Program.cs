using CreditLedger.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddCreditLedger();
var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseCreditLedger();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
