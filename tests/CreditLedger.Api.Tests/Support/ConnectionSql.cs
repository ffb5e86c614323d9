using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Statements a test runs on a connection of its own (the owner's, usually inside a transaction it rolls back), with
/// positional parameters as the service's own statements take them.
/// </summary>
public static class ConnectionSql
{
    /// <summary>Runs the statement; the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = Sql.Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = Sql.Command(connection, sql, values);
        return await command.ExecuteScalarAsync();
    }
}
