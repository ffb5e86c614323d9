using CreditLedger.Api.Engine;
using Npgsql;
using NpgsqlTypes;

namespace CreditLedger.Api.Tests.Database;

/// <summary>
/// The bulk appends encode their COPY rows themselves (<see cref="CopyRows"/>). Every value here, at the edges of its
/// type, is stored once through that encoding and once through Npgsql's own parameters, and PostgreSQL must hold the
/// same thing both ways (compared as text, so a numeric's display scale counts too).
/// </summary>
public class BinaryCopyTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    private static readonly decimal[] Numbers =
    [
        0m, 0.0000m, -0m, 1m, -1m, 0.0001m, -0.0001m, 4120.5m, 10_000m, 100_000_000m, 9_999.9999m, 1.10m, 123_456_789.0123m,
        9_999_999_999_999_999.9999m, -9_999_999_999_999_999.9999m, decimal.MaxValue, decimal.MinValue, 1e-28m, -7.9228162514264337593543950335m,
        0.1234567890123456789012345678m, 10_000_0000_0000_0000_0000_0000m,
    ];

    private static readonly DateTimeOffset[] Instants =
    [
        new(2026, 12, 5, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-10),
        new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), new(1, 1, 2, 0, 0, 0, TimeSpan.Zero),
        new(9999, 12, 30, 23, 59, 59, TimeSpan.Zero), DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
    ];

    private static readonly string?[] Texts =
        [null, "", "leadmagic", "Rückbuchung: bounced ✓ 😀", "tab\tnew\nline \\ \"quoted\"", new string('x', 70_000), "\u00ff\u0800\uffff"];

    [Fact]
    public async Task Every_value_copied_is_stored_as_npgsql_would_store_it()
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE copied (i int, u uuid, n numeric, n4 numeric(40,4), b bigint, q int, t timestamptz, s text, j jsonb, h bytea, o boolean);
            CREATE TEMP TABLE bound (LIKE copied);
            """);
        var rows = Rows().ToList();

        await using (var copy = await connection.BeginRawBinaryCopyAsync("COPY copied FROM STDIN (FORMAT BINARY)"))
        {
            using var encoded = new CopyRows();
            foreach (var row in rows)
            {
                encoded.StartRow(11);
                encoded.Int4(row.I);
                encoded.Uuid(row.U);
                encoded.Numeric(row.N);
                encoded.Numeric(row.N); // rounded to the column's scale by PostgreSQL
                encoded.Bigint(row.B);
                encoded.Int4(row.Q);
                encoded.Timestamp(row.T);
                encoded.Text(row.S);
                encoded.Jsonb(row.J);
                encoded.Bytea(row.H);
                encoded.Boolean(row.I % 2 == 0);
                await encoded.FlushIfLargeAsync(copy, CancellationToken.None);
            }

            await encoded.FinishAsync(copy, CancellationToken.None);
        }

        foreach (var row in rows)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO bound VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", connection);
            insert.Parameters.Add(new() { Value = row.I });
            insert.Parameters.Add(new() { Value = row.U is { } u ? u : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            insert.Parameters.Add(new() { Value = row.N });
            insert.Parameters.Add(new() { Value = row.N });
            insert.Parameters.Add(new() { Value = row.B });
            insert.Parameters.Add(new() { Value = row.Q });
            insert.Parameters.Add(new() { Value = row.T, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new() { Value = (object?)row.S ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = (object?)row.J ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new() { Value = (object?)row.H ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            insert.Parameters.Add(new() { Value = row.I % 2 == 0 });
            await insert.ExecuteNonQueryAsync();
        }

        (await connection.ScalarAsync("SELECT count(*) FROM copied")).ShouldBe((long)rows.Count);
        (await connection.ScalarAsync("""
            SELECT coalesce(string_agg(x::text || '  <>  ' || y::text, E'\n'), '') FROM copied x JOIN bound y USING (i) WHERE x::text <> y::text
            """)).ShouldBe("");
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_by_the_encoding_and_the_cancelled_copy_stores_nothing()
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE copied (s text)");

        await Should.ThrowAsync<ArgumentException>(async () =>
        {
            await using var copy = await connection.BeginRawBinaryCopyAsync("COPY copied FROM STDIN (FORMAT BINARY)");
            using var encoded = new CopyRows();
            try
            {
                encoded.StartRow(1);
                encoded.Text("lone \ud800 surrogate"); // the strict encoder refuses it, as Npgsql's does
            }
            catch
            {
                await copy.CancelAsync();
                throw;
            }
        });

        (await connection.ScalarAsync("SELECT count(*) FROM copied")).ShouldBe(0L);
    }

    private static IEnumerable<Row> Rows()
    {
        var i = 0;
        foreach (var n in Numbers)
        {
            yield return new Row(i++, n);
        }

        foreach (var t in Instants)
        {
            yield return new Row(i++, 1m) { T = t };
        }

        foreach (var s in Texts)
        {
            yield return new Row(i++, 2m) { S = s };
        }

        yield return new Row(i++, 3m) { U = null, B = long.MinValue, Q = int.MinValue, J = null, H = [] };
        yield return new Row(i++, 5m) { H = null };
        yield return new Row(i, 4m) { B = long.MaxValue, Q = int.MaxValue, J = """{"note":"é ✓ 😀","n":[1,2.50,null],"deep":{"a":"\u0001"}}""", H = [0, 255, 92, 10] };
    }

    private sealed record Row(int I, decimal N)
    {
        public Guid? U { get; init; } = Guid.Parse("0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f");
        public long B { get; init; } = 42;
        public int Q { get; init; } = 7;
        public DateTimeOffset T { get; init; } = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        public string? S { get; init; } = "charge";
        public string? J { get; init; } = """{"a":1}""";
        public byte[]? H { get; init; } = [1, 2, 3];
    }
}
