using System.Diagnostics;
using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// The hot standby scripts/test.sh keeps beside the test cluster (pg_start_standby: pg_basebackup, streaming), recorded
/// in <c>.local/test-standby</c> as its port and its Debian cluster ("15 standby"). Every test database exists on it
/// too: physical replication copies the whole cluster.
/// </summary>
public static class TestStandby
{
    private static readonly string File = Path.Combine(Repository.Root, ".local", "test-standby");

    /// <summary>Why the replica tests cannot run here, for <see cref="Provisioned.Require"/>.</summary>
    public const string Missing = "No hot standby for the replica tests: run scripts/test.sh once (it creates one with pg_basebackup).";

    /// <summary>Whether scripts/test.sh has recorded a standby for this checkout.</summary>
    public static bool Available => System.IO.File.Exists(File);

    private static readonly Lazy<(int Port, string Cluster)> Where = new(() =>
    {
        var file = File;
        if (!Available)
        {
            throw new InvalidOperationException(Missing);
        }

        var lines = System.IO.File.ReadAllLines(file);
        return (int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), lines[1]);
    });

    /// <summary>The runtime role's connection to <paramref name="database"/> on the standby.</summary>
    public static string AppConnection(string database) =>
        new NpgsqlConnectionStringBuilder(TestDatabases.For(TestDatabases.AppConnection, database)) { Port = Where.Value.Port }.ConnectionString;

    public static Task StopAsync() => RunAsync("pg_ctlcluster", $"{Where.Value.Cluster} stop -m fast");

    public static Task StartAsync() => RunAsync("pg_ctlcluster", $"{Where.Value.Cluster} start");

    public static Task PauseReplayAsync() => SuperuserAsync("SELECT pg_wal_replay_pause()");

    public static Task ResumeReplayAsync() => SuperuserAsync("SELECT pg_wal_replay_resume()");

    /// <summary>Waits until the standby has replayed everything the primary had written when this was called.</summary>
    public static async Task CaughtUpAsync(LedgerApiFactory primary)
    {
        var target = await primary.ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>("SELECT pg_current_wal_lsn()");
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(AppConnection(primary.DatabaseName));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
                return (NpgsqlTypes.NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())! >= target;
            }
            catch (NpgsqlException)
            {
                return false; // still starting, or the database is not replayed yet
            }
        }, TimeSpan.FromSeconds(60), "the standby did not catch up");
    }

    private static Task SuperuserAsync(string sql) =>
        RunAsync("runuser", $"-u postgres -- psql -X -q -p {Where.Value.Port} -d postgres -c \"{sql}\"");

    private static async Task RunAsync(string program, string arguments)
    {
        var root = Environment.UserName == "root";
        using var process = Process.Start(new ProcessStartInfo(root ? program : "sudo", root ? arguments : $"-n {program} {arguments}")
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {arguments}: {error}");
    }
}
