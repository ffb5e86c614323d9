using Npgsql;

namespace CreditLedger.Api.Tests.Database;

/// <summary>The ledger is append-only in the database itself, not only in the service's code.</summary>
public class DatabaseRoleTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Theory]
    [InlineData("UPDATE ledger_entries SET amount = amount * 2")]
    [InlineData("DELETE FROM ledger_entries")]
    [InlineData("TRUNCATE ledger_entries")]
    [InlineData("UPDATE usage_events SET quantity = 1")]
    [InlineData("DELETE FROM idempotency_keys")]
    [InlineData("UPDATE grants SET amount = 1000000")]
    [InlineData("ALTER TABLE ledger_entries DISABLE TRIGGER USER")]
    [InlineData("DROP TABLE ledger_entries")]
    public async Task The_runtime_role_cannot_rewrite_the_ledger_or_alter_the_schema(string sql)
    {
        await api.Workspace();
        await using var connection = new NpgsqlConnection(api.AppConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        error.SqlState.ShouldBeOneOf(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Theory]
    [InlineData("UPDATE ledger_entries SET amount = amount * 2")]
    [InlineData("DELETE FROM ledger_entries")]
    [InlineData("TRUNCATE ledger_entries")]
    public async Task Even_the_schema_owner_is_refused_by_the_append_only_triggers(string sql)
    {
        await api.Workspace();
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        error.MessageText.ShouldContain("append-only");
    }
}
