using System.Collections.Immutable;

namespace CreditLedger.Rules;

/// <summary>The two currencies a workspace spends.</summary>
public enum Currency
{
    Actions,
    DataCredits,
}

public static class CurrencyNames
{
    public const string Actions = "actions";
    public const string DataCredits = "data_credits";

    public static string ToWire(this Currency currency) =>
        currency == Currency.Actions ? Actions : DataCredits;

    public static bool TryParse(string? value, out Currency currency)
    {
        switch (value)
        {
            case Actions: currency = Currency.Actions; return true;
            case DataCredits: currency = Currency.DataCredits; return true;
            default: currency = default; return false;
        }
    }

    /// <summary>The currency that is not this one: there are exactly two.</summary>
    public static Currency Other(this Currency currency) =>
        currency == Currency.Actions ? Currency.DataCredits : Currency.Actions;

    /// <summary>Parses a value that was validated or stored before; anything else is a defect.</summary>
    public static Currency Parse(string value) =>
        TryParse(value, out var currency) ? currency : throw new FormatException($"Unknown currency '{value}'.");

    /// <summary>
    /// Order in which shortfalls are reported: actions before data credits. An immutable array, so a <c>foreach</c> over it on
    /// the ingest path allocates no enumerator.
    /// </summary>
    public static ImmutableArray<Currency> All { get; } = [Currency.Actions, Currency.DataCredits];
}
