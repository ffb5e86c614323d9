namespace CreditLedger.Api.Json;

/// <summary>
/// A realistic JSON example of a request or response contract, declared on the contract itself (the engine's stored
/// responses too, which is why it lives with the JSON conventions rather than with OpenAPI); Swagger UI shows it.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OpenApiExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
