using System.Net;
using Npgsql;

namespace CreditLedger.Api.Tests.Database;

/// <summary>
/// The tables a usage event appends to check their rows' workspace once per statement (a trigger over the inserted
/// rows) instead of a foreign key per row, and workspaces can never be removed; so the database still refuses any row
/// that names a workspace that does not exist, by INSERT or COPY, alone or among valid rows.
/// </summary>
public class WorkspaceReferenceTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    public static TheoryData<string> AppendedTables => new() { "ledger_entries", "usage_events", "idempotency_keys" };

    [Theory]
    [MemberData(nameof(AppendedTables))]
    public async Task A_row_naming_an_unknown_workspace_is_refused(string table)
    {
        await using var connection = await ConnectionWithOneRowAsync(table);

        var error = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync(
            $"UPDATE pg_temp.candidate SET workspace_id = gen_random_uuid(); INSERT INTO {table} SELECT * FROM pg_temp.candidate"));

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
        error.MessageText.ShouldContain("workspace that does not exist");
    }

    [Theory]
    [MemberData(nameof(AppendedTables))]
    public async Task One_unknown_workspace_among_known_ones_refuses_the_whole_statement(string table)
    {
        var other = await api.Workspace();
        await using var connection = await ConnectionWithOneRowAsync(table);
        var before = await CountAsync(table);

        // The same row twice: once under another real workspace (valid on its own: past that workspace's own
        // sequence numbers), once under an unknown one.
        var pastOwnRows = table == "ledger_entries" ? ", sequence = sequence + 1000000" : "";
        var error = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync($"""
            INSERT INTO pg_temp.candidate SELECT * FROM pg_temp.candidate;
            UPDATE pg_temp.candidate SET workspace_id = CASE WHEN ctid = (SELECT min(ctid) FROM pg_temp.candidate)
                THEN '{other}'::uuid ELSE gen_random_uuid() END{pastOwnRows};
            INSERT INTO {table} SELECT * FROM pg_temp.candidate
            """));

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
        (await CountAsync(table)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(AppendedTables))]
    public async Task A_copy_naming_an_unknown_workspace_is_refused_like_the_service_s_own_copies(string table)
    {
        await using var connection = await ConnectionWithOneRowAsync(table);
        await connection.ExecuteAsync("UPDATE pg_temp.candidate SET workspace_id = gen_random_uuid()");
        string rows;
        using (var export = await connection.BeginTextExportAsync("COPY pg_temp.candidate TO STDOUT"))
        {
            rows = await export.ReadToEndAsync();
        }

        var error = await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var import = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN");
            await import.WriteAsync(rows);
        });

        error.SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Fact]
    public async Task Not_even_the_schema_owner_can_delete_a_workspace()
    {
        await api.Workspace();
        await using var connection = await api.OpenOwnerConnectionAsync();

        var error = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM workspaces"));

        error.MessageText.ShouldContain("never removed");
    }

    [Fact]
    public async Task Not_even_the_schema_owner_can_truncate_the_workspaces_with_what_references_them()
    {
        await api.Workspace();
        var before = await CountAsync("workspaces");
        await using var connection = await api.OpenOwnerConnectionAsync();

        // CASCADE truncates the ledger too, so whichever table's refusal fires first answers; both refuse.
        var error = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync("TRUNCATE workspaces CASCADE"));

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        (await CountAsync("workspaces")).ShouldBe(before);
    }

    [Fact]
    public async Task The_runtime_role_cannot_remove_a_workspace()
    {
        await api.Workspace();
        await using var connection = new NpgsqlConnection(api.AppConnection);
        await connection.OpenAsync();

        var error = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync("DELETE FROM workspaces"));

        error.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
    }

    /// <summary>
    /// An owner connection holding a copy of one real row of the table (from a charged event, or for idempotency_keys, a
    /// purchase's key: a usage event holds its own) to alter.
    /// </summary>
    private async Task<NpgsqlConnection> ConnectionWithOneRowAsync(string table)
    {
        var workspace = await api.Workspace();
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage",
            new { idempotencyKey = Guid.NewGuid().ToString(), kind = "export", quantity = 1 })).Expect(HttpStatusCode.Created);
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/grants",
            new { idempotencyKey = Guid.NewGuid().ToString(), currency = "data_credits", amount = 10, source = "purchase" })).Expect(HttpStatusCode.Created);
        var connection = await api.OpenOwnerConnectionAsync();
        await connection.ExecuteAsync(
            $"CREATE TEMP TABLE candidate AS SELECT * FROM {table} WHERE workspace_id = '{workspace}'::uuid LIMIT 1");
        if (table == "ledger_entries")
        {
            // Moved to another workspace, an entry's id no longer carries its sequence there: unmarked, as an older
            // entry's, so the row meets every rule but the one each test is about.
            await connection.ExecuteAsync("UPDATE pg_temp.candidate SET id_carries_sequence = NULL");
        }

        return connection;
    }

    private async Task<long> CountAsync(string table) => await api.ScalarAsync<long>($"SELECT count(*) FROM {table}");
}
