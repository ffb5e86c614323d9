namespace CreditLedger.Api.Json;

/// <summary>
/// On the wire this member has the shape of <see cref="Type"/>: for members the serializer cannot describe (raw JSON kept
/// as written, events validated one by one). <c>ProblemDetails</c> stands for the contract's problem body.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OpenApiShapeAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
