using CreditLedger.Api.Infrastructure.Http;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Auth;

/// <summary>
/// What an admin key must be before the service starts outside Development: long enough not to be guessed, and none of
/// the placeholders this repository ships in examples (a key everyone can read in the repository is no key).
/// </summary>
public static class AdminKeyPolicy
{
    public const int MinimumLength = 32;

    /// <summary>Every admin key value the repository has shipped as an example (docker-compose, .env.example, docs).</summary>
    public static readonly IReadOnlyList<string> Placeholders =
    [
        "change-me-admin-key",
        "replace-with-a-random-key-of-at-least-32-characters",
    ];

    /// <summary>Why the key may not be used outside Development, or null when it may.</summary>
    public static string? Problem(string? key) =>
        string.IsNullOrWhiteSpace(key) ? "CreditLedger:AdminApiKey must be configured outside Development."
        : Placeholders.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase)
            ? "CreditLedger:AdminApiKey is a placeholder from the repository's examples; set a random key of your own."
        : key.Length < MinimumLength ? $"CreditLedger:AdminApiKey must be at least {MinimumLength} characters outside Development."
        : null;
}

/// <summary>Stops the start outside Development with the policy's own reason for the configured admin key.</summary>
public sealed class AdminKeyValidation(IHostEnvironment environment) : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options) =>
        environment.IsDevelopment() || AdminKeyPolicy.Problem(options.AdminApiKey) is not { } problem
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem);
}
