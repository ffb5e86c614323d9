namespace CreditLedger.Api.Tests.Hosts;

/// <summary>A small failure budget, so the limit is reached quickly.</summary>
public sealed class FewAuthFailuresFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:AuthFailures:Burst"] = "5",
        ["CreditLedger:AuthFailures:PerMinute"] = "1",
    };
}
