using System.Text.Json;
using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>What a statement's plan did: EXPLAIN ANALYZE as JSON, and its nodes, for tests that hold a reader to its plan.</summary>
public static class QueryPlans
{
    /// <summary>Runs <paramref name="sql"/> with its parameters under EXPLAIN (ANALYZE, FORMAT JSON) and returns the root plan node.</summary>
    public static async Task<JsonElement> ExplainAsync(NpgsqlConnection connection, string sql, params object?[] values)
    {
        await using var command = Sql.Command(connection, $"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", values);
        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement[0].GetProperty("Plan").Clone();
    }

    /// <summary>The node and every node under it.</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? children.EnumerateArray().SelectMany(Nodes).Prepend(node) : [node];
}
