using Npgsql;
using Testcontainers.PostgreSql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Where the tests' PostgreSQL is, in this order: <c>CREDITLEDGER_TEST_OWNER_CONNECTION</c> and
/// <c>CREDITLEDGER_TEST_APP_CONNECTION</c> when both are set; else a <c>postgres:15</c> container (Testcontainers)
/// when a Docker endpoint answers, with the same roles and rights as production (scripts/sql/docker-init.sql); else
/// the local cluster that scripts/test.sh or scripts/run.sh provisioned, whose connections they keep in
/// <c>.local/test-connections</c>. So plain <c>dotnet test CreditLedger.sln</c> works once PostgreSQL is reachable.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<(string Owner, string App)>> Connections = new(ResolveAsync);

    /// <summary>Kept for the run: Testcontainers' reaper removes it when the test process ends.</summary>
    private static PostgreSqlContainer? container;

    public static Task<(string Owner, string App)> ConnectionsAsync() => Connections.Value;

    private static async Task<(string Owner, string App)> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable("CREDITLEDGER_TEST_OWNER_CONNECTION") is { Length: > 0 } owner
            && Environment.GetEnvironmentVariable("CREDITLEDGER_TEST_APP_CONNECTION") is { Length: > 0 } app)
        {
            return (owner, app);
        }

        return await TryContainerAsync() ?? LocalCluster();
    }

    private static async Task<(string Owner, string App)?> TryContainerAsync()
    {
        if (!DockerMayAnswer())
        {
            return null;
        }

        try
        {
            container = new PostgreSqlBuilder("postgres:15")
                .WithResourceMapping(new FileInfo(Path.Combine(Repository.Root, "scripts", "sql", "docker-init.sql")), "/docker-entrypoint-initdb.d/")
                .Build();
            await container.StartAsync();
            var server = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "creditledger", Password = "creditledger" };
            return (
                new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = "creditledger_owner" }.ConnectionString,
                new NpgsqlConnectionStringBuilder(server.ConnectionString) { Username = "creditledger_app" }.ConnectionString);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"No PostgreSQL container ({e.GetType().Name}: {e.Message}); using the local cluster.");
            return null;
        }
    }

    private static bool DockerMayAnswer() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    private static (string Owner, string App) LocalCluster()
    {
        var file = Path.Combine(Repository.Root, ".local", "test-connections");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException(
                "No PostgreSQL for the tests: set CREDITLEDGER_TEST_OWNER_CONNECTION and CREDITLEDGER_TEST_APP_CONNECTION, start Docker, " +
                "or run scripts/test.sh once (it provisions a local cluster and records its connections in .local/test-connections).");
        }

        var lines = File.ReadAllLines(file);
        return (lines[0], lines[1]);
    }
}
