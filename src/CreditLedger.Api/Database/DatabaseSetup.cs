using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CreditLedger.Api.Database;

public static class DatabaseSetup
{
    public const int DefaultMaxPoolSize = 30;

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
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            // Writers to one workspace queue on its row lock anyway; a bounded pool makes extra requests wait for
            // a connection (up to the connection timeout) instead of exhausting the server's connection slots.
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
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
