namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// An endpoint reads an indexed list from its query string (<c>ownerIds[0]=…&amp;ownerIds[1]=…</c>, Clay's convention)
/// by hand; this names it so the OpenAPI document can describe it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class IndexedQueryAttribute(string name, string itemDescription, string? itemFormat = null) : Attribute
{
    public string Name { get; } = name;

    public string ItemDescription { get; } = itemDescription;

    public string? ItemFormat { get; } = itemFormat;
}
