namespace CreditLedger.Api.Engine;

/// <summary>
/// The engine's settings, from the same configuration section <c>CreditLedger</c> as the HTTP edge's
/// (<c>EdgeOptions</c>), kept apart so that the engine depends on nothing of the web layer.
/// </summary>
public sealed class EngineOptions
{
    public const string Section = "CreditLedger";

    /// <summary>How long a reservation holds credit before the service releases it.</summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the service looks for holds past their timeout.</summary>
    public TimeSpan HoldSweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Concurrent transactions writing groups of single-event usage requests. One is fastest when groups span many
    /// of the same workspaces (a second group mostly waits for the first one's row locks); see docs/performance.md.
    /// </summary>
    public int GroupCommitWriters { get; set; } = 1;

    /// <summary>
    /// Group commit within one workspace only: a group's events are committed in one transaction per workspace (run
    /// side by side) instead of one for the whole group. For Citus, where a transaction over two workspaces is a
    /// distributed one (docs/scale-out.md); on one PostgreSQL it costs throughput.
    /// </summary>
    public bool GroupCommitPerWorkspace { get; set; }

    /// <summary>Most events in one group-commit transaction.</summary>
    public int GroupCommitMaxEvents { get; set; } = 256;

    /// <summary>How long a writer waits for more events before committing a group that is not full (0: not at all).</summary>
    public TimeSpan GroupCommitMaxDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Events that may wait for a writer; further requests wait for room.</summary>
    public int GroupCommitQueueCapacity { get; set; } = 10_000;

    /// <summary>Transactions at most that wait for a busy workspace's lock on behalf of its single events.</summary>
    public int GroupCommitSlowLanes { get; set; } = 4;

    /// <summary>
    /// How often the rollup journal is folded into the rollup tables. Reports are exact at any interval (they read the
    /// journal too); a longer one folds more deltas per row, a shorter one keeps the journal reports read small.
    /// </summary>
    public TimeSpan RollupFoldInterval { get; set; } = TimeSpan.FromSeconds(1);
}
