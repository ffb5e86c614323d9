namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>Configuration section <c>CreditLedger</c>: what the HTTP edge needs (the engine's settings are <see cref="Engine.EngineOptions"/>).</summary>
public sealed class EdgeOptions
{
    public const string Section = "CreditLedger";

    /// <summary>The admin key (env <c>CreditLedger__AdminApiKey</c>); outside Development required, and refused when weak (the admin key policy in Auth).</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
