namespace CreditLedger.Api.Tests.Hosts;

/// <summary>
/// The request log as users run it (Information), its summary lines written only when a test asks
/// (<c>RequestLogSummaryWriter.Write</c>): the interval is longer than any test.
/// </summary>
public sealed class SummarizedRequestLogFactory : LogCapturingApiFactory
{
    protected override string MinimumLevel => "Information";

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["CreditLedger:Logging:SummaryInterval"] = "01:00:00" };
}

/// <summary>The request log at Information with the summary turned off: a line for every request.</summary>
public sealed class UnsummarizedRequestLogFactory : LogCapturingApiFactory
{
    protected override string MinimumLevel => "Information";

    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["CreditLedger:Logging:SummaryInterval"] = "00:00:00" };
}
