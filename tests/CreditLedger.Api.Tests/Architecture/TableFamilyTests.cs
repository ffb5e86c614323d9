using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Architecture;

/// <summary>
/// Each table family's SQL has one home folder (its files, not its subfolders'); a file elsewhere that names one of its
/// tables in SQL fails, unless it is one of the few reads listed below that join another family's table for a reason
/// written beside it. Migrations are exempt (they are SQL files, not C#).
/// </summary>
public class TableFamilyTests
{
    private static readonly (string Family, string Home, string[] Tables)[] Families =
    [
        ("ledger", "Engine", ["workspaces", "workspace_heads", "grants", "ledger_entries", "usage_events", "idempotency_keys", "chain_checkpoints"]),
        ("reservations", "Engine/Reservations", ["enrichments"]),
        ("rollups", "Engine/Rollups", ["usage_rollups_quarter", "usage_rollups_hourly", "usage_rollups_daily",
            "usage_totals_hourly", "usage_totals_daily", "usage_resources_hourly", "usage_resources_daily",
            "usage_users_hourly", "usage_users_daily",
            "value_rollups_hourly", "value_rollups_daily", "usage_rollup_journal", "value_rollup_journal"]),
        ("spend limits", "Engine/Limits", ["spend_limits", "spend_counters"]),
        ("alert marks", "Engine/Alerts", ["alert_marks"]),
        ("auto top-up", "Engine/TopUps", ["auto_top_up_rules"]),
        ("resources", "Engine/Resources", ["resources"]),
        ("outbox", "Outbox", ["webhooks", "webhook_events", "webhook_deliveries"]),
        ("administration", "Database", ["users", "api_keys", "integrations", "integration_services", "workspace_integrations", "data_protection_keys"]),
    ];

    /// <summary>Reads (and one write) of another family's tables, each for a reason; nothing else may name them.</summary>
    private static readonly Dictionary<string, (string[] Tables, string Why)> Joins = new()
    {
        ["Engine/UsagePrefetch.cs"] = (["users", "integration_services", "workspace_integrations", "resources"],
            "the ingest path reads a whole group's users, prices, own-key switches and resources in one round trip"),
        ["Engine/Reservations/EnrichmentRow.cs"] = (["ledger_entries"], "what pending reservations hold on each grant (a grant under a hold cannot be voided; outstanding credit includes holds)"),
        ["Engine/ReportVersion.cs"] = (["users", "integrations", "resources", "api_keys"],
            "a report's ETag covers every name it shows, read in one round trip"),
        ["Engine/Limits/SpendLimitSettings.cs"] = (["users", "api_keys", "resources", "workspaces", "workspace_heads"],
            "a limit names a user, key or resource of the workspace; listing limits reads the billing anchor and the head for the cycle"),
        ["Engine/Limits/SpendLimitStore.cs"] = (["resources"], "a charged resource's way up the tree is read with its counters"),
        ["Engine/Limits/SpendRecount.cs"] = (["ledger_entries"], "a recount sums this cycle's charges from the ledger itself"),
        ["Engine/Resources/ResourceStore.cs"] = (["users"], "a resource's owner must be a user of the workspace"),
        ["Engine/Rollups/RollupRebuilder.cs"] = (["workspace_heads"], "a rebuild locks every workspace while it recomputes"),
        ["Engine/Rollups/ValueRollups.cs"] = (["ledger_entries", "grants"],
            "value rollups are rebuilt from the ledger; the value report adds its range's partial hours from the ledger and prices by grant"),
        ["Engine/TopUps/TopUpStore.cs"] = (["grants"], "a rule in request mode reads, with its lock, whether a top-up of its currency waits for payment"),
        ["Engine/TopUps/TopUpSettings.cs"] = (["workspaces"], "a rule's count this cycle needs the workspace's billing anchor"),
        ["Engine/Alerts/GrantExpirySweep.cs"] = (["grants", "workspaces"], "the sweep finds grants about to lapse to announce them"),
        ["Outbox/WebhookStore.cs"] = (["workspaces"], "the workspace row caches the event types its webhooks subscribe to, which the ledger reads with its lock"),
    };

    [Fact]
    public void Every_table_is_named_only_in_its_familys_home()
    {
        var violations = (
            from file in SourceTree.Files
            from family in Families
            where Path.GetDirectoryName(file.Path)!.Replace('\\', '/') != family.Home
            from table in family.Tables
            where Names(file.Text, table) && !Joined(file.Path, table)
            select $"{file.Path} names {table} ({family.Family}: its home is {family.Home}/)").ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void Every_listed_join_is_still_needed()
    {
        var stale = Joins.SelectMany(j => j.Value.Tables.Where(t => !SourceTree.Files.Any(f => f.Path == j.Key && Names(f.Text, t)))
            .Select(t => $"{j.Key} no longer names {t}")).ToList();

        stale.ShouldBeEmpty(string.Join('\n', stale));
    }

    [Fact]
    public void The_ledger_entries_column_list_is_written_once()
    {
        var lists = SourceTree.Files.Where(f => Regex.IsMatch(f.Text, @"\bworkspace_id,\s*sequence,\s*id,\s*type,\s*currency\b")).Select(f => f.Path).ToList();

        lists.Count.ShouldBe(1, string.Join(", ", lists));
    }

    private static bool Joined(string path, string table) => Joins.TryGetValue(path, out var join) && join.Tables.Contains(table);

    private static bool Names(string text, string table) =>
        Regex.IsMatch(text, $@"\b(FROM|JOIN|INTO|UPDATE|TABLE|COPY|EXISTS)\s+{table}\b") 
        || (table.Contains('_', StringComparison.Ordinal) && text.Contains($"\"{table}\"", StringComparison.Ordinal));
}
