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
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            // The service runs a small, fixed set of statements; preparing them server-side skips re-planning
            // (the usage_facts view alone costs ~2 ms to plan) on every request.
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        // The service never changes session state (no SET, no temp tables, no LISTEN), so connections need
        // no reset round trip when they go back to the pool.
        builder.NoResetOnClose = true;
        // Registered through a factory so the container owns it and closes its connections on shutdown.
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(builder.ConnectionString).Build());
        services.AddDbContext<LedgerDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        return services;
    }

    public static string OwnerConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("LedgerOwner") ?? configuration.GetConnectionString("Ledger")!;
}
