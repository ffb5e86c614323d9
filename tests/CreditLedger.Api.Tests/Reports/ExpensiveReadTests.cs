using CreditLedger.Api.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>Expensive reads are bounded per key and in time, and never take the health check's or writers' connections.</summary>
public class ExpensiveReadTests(TightReadsFactory api) : IClassFixture<TightReadsFactory>
{
    private const string Range = "from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z";

    [Fact]
    public async Task A_key_with_a_report_running_gets_429_for_another_while_other_keys_are_served()
    {
        var workspace = await api.Workspace();
        var first = await api.WorkspaceClient(workspace);
        var second = await api.WorkspaceClient(workspace);
        await using var blocker = await LockRollupsAsync();

        var running = first.GetAsync($"/v1/workspaces/{workspace}/reports/usage?{Range}");
        await WaitUntilAReportWaitsForTheLockAsync();
        var refused = await first.GetAsync($"/v1/workspaces/{workspace}/reports/users?{Range}");
        var otherKey = second.GetAsync($"/v1/workspaces/{workspace}/reports/users?{Range}");

        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        await blocker.CloseAsync(); // closing the connection rolls back and releases the lock
        await (await running).Expect(HttpStatusCode.OK);
        await (await otherKey).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_asking_for_reports_faster_than_its_rate_gets_429_with_Retry_After()
    {
        var workspace = await api.Workspace();
        var client = await api.WorkspaceClient(workspace);
        await (await client.GetAsync($"/v1/workspaces/{workspace}/reports/usage?{Range}")).Expect(HttpStatusCode.OK);
        await (await client.GetAsync($"/v1/workspaces/{workspace}/ledger/verify")).Expect(HttpStatusCode.OK);

        var refused = await client.GetAsync($"/v1/workspaces/{workspace}/reports/users?{Range}");

        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        await (await client.GetAsync($"/v1/workspaces/{workspace}/balance")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_report_that_runs_past_the_statement_timeout_is_503_not_500()
    {
        var workspace = await api.Workspace();
        await using var blocker = await LockRollupsAsync();

        var response = await api.Admin().GetAsync($"/v1/workspaces/{workspace}/reports/usage?{Range}");

        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        await blocker.CloseAsync(); // closing the connection rolls back and releases the lock
    }

    [Fact]
    public async Task Readiness_answers_while_every_connection_of_the_shared_pool_is_taken()
    {
        var pool = api.Services.GetRequiredService<NpgsqlDataSource>();
        var taken = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < DatabaseSetup.DefaultMaxPoolSize; i++)
            {
                taken.Add(await pool.OpenConnectionAsync());
            }

            await (await api.WithKey(null).GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
        }
        finally
        {
            foreach (var connection in taken)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// An owner connection whose open transaction holds the rollup tables exclusively, so report queries wait; closing
    /// or disposing the connection rolls back and releases them (the test owns the connection, so it cannot leak).
    /// </summary>
    private async Task<NpgsqlConnection> LockRollupsAsync()
    {
        var connection = await api.OpenOwnerConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("LOCK TABLE usage_rollups_daily, usage_rollups_hourly, usage_totals_daily, usage_totals_hourly, usage_resources_daily, usage_resources_hourly, usage_users_daily, usage_users_hourly IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Polls, as the service's role (which alone sees its sessions' waits), until a read waits for the lock.</summary>
    private async Task WaitUntilAReportWaitsForTheLockAsync()
    {
        await using var connection = new NpgsqlConnection(api.AppConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND application_name LIKE '%-reads'",
            connection);
        await Poll.UntilAsync(async () => (long)(await command.ExecuteScalarAsync())! > 0, TimeSpan.FromSeconds(30),
            "no report query started waiting for the lock");
    }
}
