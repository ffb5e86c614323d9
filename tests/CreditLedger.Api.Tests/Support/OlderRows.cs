namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Makes rows of an append-only table look as an older version of the service stored them (a column it did not have
/// yet left NULL). The table refuses updates, so the owner lifts that guard for this one statement, in the test's own
/// database.
/// </summary>
public static class OlderRows
{
    /// <summary>Runs <paramref name="update"/> (an UPDATE of <paramref name="table"/>) with the guard lifted; the rows it changed.</summary>
    public static async Task<int> RewriteAsync(this LedgerApiFactory api, string table, string update, params object[] values)
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync($"ALTER TABLE {table} DISABLE TRIGGER {table}_no_update_delete");
        var updated = await connection.ExecuteAsync(update, values);
        await connection.ExecuteAsync($"ALTER TABLE {table} ENABLE TRIGGER {table}_no_update_delete");
        await transaction.CommitAsync();
        return updated;
    }
}
