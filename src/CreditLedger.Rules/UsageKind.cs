namespace CreditLedger.Rules;

public static class UsageKinds
{
    public const string Enrichment = "enrichment";
    public const string TableRun = "table_run";
    public const string AiCall = "ai_call";
    public const string Export = "export";
    public const string Send = "send";

    public static IReadOnlyList<string> All { get; } = [Enrichment, TableRun, AiCall, Export, Send];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}
