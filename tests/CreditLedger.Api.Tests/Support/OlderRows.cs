namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Makes rows of an append-only table look as an older version of the service stored them (a column it did not have
/// yet left NULL, a key where it kept keys then). The tables refuse updates, and a constraint added NOT VALID refuses
/// new rows of the older shape, so the owner lifts those guards for these statements, in the test's own database, and
/// puts them back as they were.
/// </summary>
public static class OlderRows
{
    /// <summary>Runs <paramref name="update"/> (an UPDATE of <paramref name="table"/>) with the guard lifted; the rows it changed.</summary>
    public static Task<int> RewriteAsync(this LedgerApiFactory api, string table, string update, params object[] values) =>
        api.WriteAsOlderVersionAsync([table], [], update, values);

    /// <summary>
    /// Runs <paramref name="sql"/> with the update guard of <paramref name="tables"/> and the named
    /// <paramref name="constraints"/> lifted; each constraint is added back from its own definition, NOT VALID as it was.
    /// </summary>
    public static async Task<int> WriteAsOlderVersionAsync(
        this LedgerApiFactory api, string[] tables, (string Table, string Name)[] constraints, string sql, params object[] values)
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var definitions = new List<string>();
        foreach (var (table, name) in constraints)
        {
            definitions.Add((string)(await connection.ScalarAsync(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = $1 AND conrelid = $2::regclass", name, table))!);
            await connection.ExecuteAsync($"ALTER TABLE {table} DROP CONSTRAINT {name}");
        }

        foreach (var table in tables)
        {
            await connection.ExecuteAsync($"ALTER TABLE {table} DISABLE TRIGGER {table}_no_update_delete");
        }

        var changed = await connection.ExecuteAsync(sql, values);
        foreach (var table in tables)
        {
            await connection.ExecuteAsync($"ALTER TABLE {table} ENABLE TRIGGER {table}_no_update_delete");
        }

        foreach (var ((table, name), definition) in constraints.Zip(definitions))
        {
            await connection.ExecuteAsync($"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        }

        await transaction.CommitAsync();
        return changed;
    }
}
