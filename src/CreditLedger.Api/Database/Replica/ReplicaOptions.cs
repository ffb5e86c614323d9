namespace CreditLedger.Api.Database.Replica;

/// <summary><c>CreditLedger:Replica</c>: when reads may go to <c>ConnectionStrings:LedgerReplica</c>.</summary>
public sealed class ReplicaOptions
{
    public const string Section = "CreditLedger:Replica";

    /// <summary>Reads go to the replica only while it is at most this far behind the primary.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the replica's lag is measured.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
