using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CreditLedger.Api.Database;

public static class DatabaseSetup
{
    /// <summary>
    /// One Npgsql data source for the runtime role, shared by EF Core and the ledger engine's plain SQL.
    /// <c>ConnectionStrings:LedgerOwner</c> (the schema owner) is used only to migrate; it defaults to
    /// <c>ConnectionStrings:Ledger</c> for single-role setups.
    /// </summary>
    public static IServiceCollection AddLedgerDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException("ConnectionStrings:Ledger is not configured (env ConnectionStrings__Ledger).");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= "creditledger";
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        services.AddSingleton(dataSource);
        services.AddDbContext<LedgerDbContext>(options => options
            .UseNpgsql(dataSource)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        return services;
    }

    public static string OwnerConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("LedgerOwner") ?? configuration.GetConnectionString("Ledger")!;
}
