namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Reports as fast as they come: the per-key limit on expensive reads lifted (as scripts/bench-reports.sh does).</summary>
public sealed class UnthrottledReadsFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Expensive:PerKey"] = "256",
    };
}
