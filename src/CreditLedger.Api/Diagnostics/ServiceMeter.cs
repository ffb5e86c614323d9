using System.Diagnostics.Metrics;

namespace CreditLedger.Api.Diagnostics;

/// <summary>The service's own instruments, on the <c>CreditLedger</c> meter (exported as <c>creditledger_*</c>).</summary>
public static class ServiceMeter
{
    public const string MeterName = "CreditLedger";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Holds the expiry sweep failed to settle, by whether they were set aside after repeated failures.</summary>
    public static readonly Counter<long> HoldSweepFailures = Meter.CreateCounter<long>(
        "creditledger.holds.sweep_failures", description: "Timed-out holds the sweep failed to release.");

    public static readonly Counter<long> HoldsTimedOut = Meter.CreateCounter<long>(
        "creditledger.holds.timed_out", description: "Holds released because they were not settled in time.");

    /// <summary>Usage events accepted, per workspace (for spotting one tenant's growth).</summary>
    public static readonly Counter<long> WorkspaceEvents = Meter.CreateCounter<long>(
        "creditledger.workspace.events", description: "Usage events recorded, per workspace.");

    /// <summary>Approximate bytes appended (ledger, usage and idempotency rows), per workspace.</summary>
    public static readonly Counter<long> WorkspaceBytes = Meter.CreateCounter<long>(
        "creditledger.workspace.bytes_appended", unit: "By", description: "Approximate bytes appended, per workspace.");

    /// <summary>Usage events committed, by kind and outcome.</summary>
    public static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "creditledger.usage.events", description: "Usage events recorded, by kind and outcome.");

    /// <summary>Credit charged (net of nothing: reversals are not subtracted here), by currency.</summary>
    public static readonly Counter<double> Charges = Meter.CreateCounter<double>(
        "creditledger.charges", description: "Credit charged by committed usage, by currency.");

    /// <summary>Charges and holds refused, by problem type (insufficient-credits).</summary>
    public static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "creditledger.refusals", description: "Charges and holds refused with 402, by problem type.");

    public static readonly Counter<long> Replays = Meter.CreateCounter<long>(
        "creditledger.idempotent_replays", description: "Requests answered from a stored response (same key, same body).");

    public static readonly Histogram<int> GroupSize = Meter.CreateHistogram<int>(
        "creditledger.group_commit.size", unit: "{event}", description: "Single events committed together by group commit.");

    public static readonly Histogram<double> GroupWait = Meter.CreateHistogram<double>(
        "creditledger.group_commit.wait", unit: "ms", description: "Time from queueing a single event to its group's commit.");

    /// <summary>Rollup journal rows moved into the rollup tables: it keeps pace with the writes when the fold is healthy.</summary>
    public static readonly Counter<long> RollupRowsFolded = Meter.CreateCounter<long>(
        "creditledger.rollups.journal_rows_folded", description: "Rollup journal rows folded into the rollup tables.");

    /// <summary>Folds that failed; reports stay exact, but read more journal rows until a fold succeeds.</summary>
    public static readonly Counter<long> RollupFoldFailures = Meter.CreateCounter<long>(
        "creditledger.rollups.fold_failures", description: "Folds of the rollup journals that failed.");

    /// <summary>Requests refused by the per-workspace event-rate limit.</summary>
    public static readonly Counter<long> EventRateLimited = Meter.CreateCounter<long>(
        "creditledger.workspace.event_rate_limited", description: "Events refused by the per-workspace event-rate limit.");
}
