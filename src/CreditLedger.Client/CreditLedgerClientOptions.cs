namespace CreditLedger.Client;

/// <summary>Where the service is and which key to call it with.</summary>
public sealed class CreditLedgerClientOptions
{
    /// <summary>The service's root, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The admin key or a workspace API key; sent as <c>Authorization: Bearer …</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries of a safe request after a transient failure (429, 5xx, timeouts, lost connections); 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;
}
