using System.Text.Json;

namespace CreditLedger.Api.Json;

/// <summary>
/// Text PostgreSQL can store: no U+0000 (text and jsonb refuse it) and no unpaired UTF-16 surrogate (it has no
/// UTF-8 form). Checked where JSON, path and query values enter, so no such value reaches a handler or the database.
/// </summary>
public static class StorableText
{
    public const string Problem = "Text may not contain U+0000 or an unpaired UTF-16 surrogate.";

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The JSON path of the first name or string in <paramref name="element"/> that cannot be stored, or null.</summary>
    public static string? FirstUnstorable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsStorableString(element) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnstorable(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    // A name that cannot be stored is reported at its object: the name itself cannot be echoed.
                    if (TryGetName(property) is not { } name || !IsStorable(name))
                    {
                        return path;
                    }

                    if (FirstUnstorable(property.Value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800") into a string: that is unstorable too.
    private static bool IsStorableString(JsonElement element)
    {
        try
        {
            return IsStorable(element.GetString());
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? TryGetName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
