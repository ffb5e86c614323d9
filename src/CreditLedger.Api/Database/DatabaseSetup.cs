using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CreditLedger.Api.Database;

public static class DatabaseSetup
{
    public const int DefaultMaxPoolSize = 30;

    /// <summary>
    /// The keyed data source for expensive reads (reports, the ledger listing, verify): its own bounded pool and a
    /// statement timeout, so reads can neither take the writers' connections nor run without end.
    /// </summary>
    public const string Reads = "reads";

    /// <summary>
    /// The keyed data source of the streaming replica (<c>ConnectionStrings:LedgerReplica</c>), with the reads' limits;
    /// registered only when configured. Requests reach it through <see cref="Replica.ReadSource"/>.
    /// </summary>
    public const string ReplicaReads = "replica-reads";

    /// <summary>The keyed data source of the readiness check: two connections of its own, never starved by load.</summary>
    public const string Health = "health";

    /// <summary>
    /// The keyed data source of the <see cref="NotificationListener"/>'s LISTEN: a connection of its own that holds
    /// session state (so it is reset when it goes back), never one of the shared pool's.
    /// </summary>
    public const string Notifications = "notifications";

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

        // The service never changes session state on these (no SET, no temp tables; LISTEN has its own data source,
        // Notifications), so connections need no reset round trip when they go back to the pool.
        builder.NoResetOnClose = true;
        // Npgsql.DependencyInjection: the container owns each data source (closing its connections on shutdown) and
        // Npgsql logs through the host's logger.
        services.AddNpgsqlDataSource(builder.ConnectionString);
        var reads = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            MaxPoolSize = configuration.GetValue("CreditLedger:Reads:MaxPoolSize", 10),
            ApplicationName = builder.ApplicationName + "-reads",
            // One core per read at most: a parallel plan would let one tenant's report take every core the writers need.
            Options = $"-c statement_timeout={(int)configuration.GetValue("CreditLedger:Reads:StatementTimeout", TimeSpan.FromSeconds(15)).TotalMilliseconds}"
                + " -c max_parallel_workers_per_gather=0",
        };
        services.AddNpgsqlDataSource(reads.ConnectionString, serviceKey: Reads);
        if (configuration.GetConnectionString("LedgerReplica") is { Length: > 0 } replicaConnection)
        {
            var replica = new NpgsqlConnectionStringBuilder(replicaConnection)
            {
                MaxPoolSize = reads.MaxPoolSize, ApplicationName = builder.ApplicationName + "-replica", Options = reads.Options,
                NoResetOnClose = true, MaxAutoPrepare = builder.MaxAutoPrepare, AutoPrepareMinUsages = builder.AutoPrepareMinUsages,
                Timeout = 3, // a standby that went away is noticed quickly; the read then goes to the primary
            };
            services.AddNpgsqlDataSource(replica.ConnectionString, serviceKey: ReplicaReads);
        }

        services.AddOptions<Replica.ReplicaOptions>().Bind(configuration.GetSection(Replica.ReplicaOptions.Section))
            .Validate(o => o.MaxLag > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero, "CreditLedger:Replica's MaxLag and PollInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<Replica.ReadRouting>();
        services.AddScoped<Replica.ReadSource>();
        services.AddHostedService<Replica.ReplicaLagMonitor>();
        var health = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            MaxPoolSize = 2, Timeout = 3, CommandTimeout = 3, ApplicationName = builder.ApplicationName + "-health",
        };
        services.AddNpgsqlDataSource(health.ConnectionString, serviceKey: Health);
        var notifications = new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            MaxPoolSize = 2, NoResetOnClose = false, KeepAlive = 30, ApplicationName = builder.ApplicationName + "-listen",
        };
        services.AddNpgsqlDataSource(notifications.ConnectionString, serviceKey: Notifications);
        services.AddDbContext<AdminDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        return services;
    }

    public static string OwnerConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("LedgerOwner") ?? configuration.GetConnectionString("Ledger")!;
}
