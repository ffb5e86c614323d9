using Npgsql;
using NpgsqlTypes;

namespace CreditLedger.Api.Database;

/// <summary>Positional-parameter commands ($1, $2, …) for the plain SQL the ledger and its handlers run.</summary>
public static class Sql
{
    /// <summary>A parameter for a value: null becomes SQL NULL, string arrays are text[] (also when they hold nulls).</summary>
    public static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value },
        string[] strings => new NpgsqlParameter { Value = strings, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        _ => new NpgsqlParameter { Value = value },
    };

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values) =>
        WithParameters(new NpgsqlCommand(sql, connection), values);

    /// <summary>A command on its own pooled connection of <paramref name="database"/> (for single statements outside a transaction).</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource database, string sql, params object?[] values) =>
        WithParameters(database.CreateCommand(sql), values);

    private static NpgsqlCommand WithParameters(NpgsqlCommand command, object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    public static NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }
}
