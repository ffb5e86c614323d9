using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Waits until the service's transactions wait for a lock the test holds, so a test acts on a known interleaving.</summary>
public static class LockWaiters
{
    /// <summary>
    /// Until at least <paramref name="count"/> backends of this database wait for a lock (on <paramref name="relation"/>
    /// only, when given). Read from pg_locks, since pg_stat_activity hides another role's wait events.
    /// </summary>
    public static async Task WaitForAsync(NpgsqlConnection observer, int count, string because, string? relation = null)
    {
        await using var waiting = new NpgsqlCommand("""
            SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.datname = current_database() AND ($1::regclass IS NULL OR l.relation = $1::regclass)
            """, observer);
        waiting.Parameters.Add(new NpgsqlParameter { Value = (object?)relation ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await Poll.UntilAsync(async () => (long)(await waiting.ExecuteScalarAsync())! >= count, TimeSpan.FromSeconds(30), because);
    }
}
