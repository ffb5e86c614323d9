using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The real service over HTTP, on its own cloned database, with a clock the test controls.</summary>
public class LedgerApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    public LedgerApiFactory()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>A factory whose clock starts at <paramref name="clockStart"/>; it only ever moves forward.</summary>
    protected LedgerApiFactory(DateTimeOffset clockStart) => Clock = new FakeTimeProvider(clockStart);

    public FakeTimeProvider Clock { get; }

    public string DatabaseName { get; protected set; } = "";

    public string AppConnection => TestDatabases.For(TestDatabases.AppConnection, DatabaseName);

    public string OwnerConnection => TestDatabases.For(TestDatabases.OwnerConnection, DatabaseName);

    /// <summary>Extra settings a test class needs (hold timeouts, limits).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync() => DatabaseName = await TestDatabases.CloneAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await TestDatabases.DropAsync(DatabaseName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Ledger", AppConnection);
        builder.UseSetting("ConnectionStrings:LedgerOwner", OwnerConnection);
        builder.UseSetting("CreditLedger:AdminApiKey", AdminKey);
        builder.UseSetting("CreditLedger:DataProtection:Certificate", TestCertificates.KeyRingPath);
        builder.UseSetting("CreditLedger:MigrateOnStart", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("CreditLedger:Logging:ForwardToProviders", "true");
        // Tests read reports far faster than a dashboard polls; classes that test the limit set it themselves.
        builder.UseSetting("CreditLedger:Expensive:PerSecond", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>A connection as the schema owner, for assertions that read the database directly.</summary>
    public async Task<NpgsqlConnection> OpenOwnerConnectionAsync()
    {
        var connection = new NpgsqlConnection(OwnerConnection);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
