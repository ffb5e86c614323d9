namespace CreditLedger.Api.Outbox;

/// <summary>Settings under <c>CreditLedger:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "CreditLedger:Webhooks";

    /// <summary>Accept <c>http</c> URLs too (for local receivers); <c>https</c> only otherwise.</summary>
    public bool AllowInsecureUrls { get; set; }

    /// <summary>Accept URLs that resolve to loopback, private, link-local or metadata addresses (never by default: SSRF).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The contract's default retry schedule.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    /// <summary>
    /// The wait before each retry; after the last one a delivery is marked failed. Empty means the default: the
    /// configuration binder appends configured array items to a property's initial ones, so the default cannot live here.
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    public IReadOnlyList<TimeSpan> Delays => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;

    /// <summary>A delivery attempt that has no 2xx answer within this long is a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries one instance sends at once, across every workspace.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>
    /// Deliveries of one workspace an instance sends at once: a workspace whose receivers stall uses up its own share
    /// and never the others' (every other workspace's deliveries still find a free slot).
    /// </summary>
    public int MaxInFlightPerWorkspace { get; set; } = 4;

    /// <summary>Deliveries to one webhook an instance sends at once.</summary>
    public int MaxInFlightPerWebhook { get; set; } = 2;

    /// <summary>Webhooks one workspace may have; adding one more is 409.</summary>
    public int MaxWebhooksPerWorkspace { get; set; } = 10;

    /// <summary>Test pings one workspace may send a minute; more are 429.</summary>
    public int TestPingsPerMinute { get; set; } = 10;

    /// <summary>How long a claim keeps other dispatchers off a delivery; longer than <see cref="Timeout"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a dispatcher looks for due deliveries when no notification woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the <c>grant.expiring</c> sweep runs (one instance at a time).</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
