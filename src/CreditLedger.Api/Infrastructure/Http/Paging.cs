using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>The query of every list: how many items (1..1000, default 100) and where the previous page ended.</summary>
/// <param name="Limit">Items per page, 1 to 1000 (default 100).</param>
/// <param name="Cursor">The nextCursor of the previous page; omit it for the first.</param>
public sealed record PageParameters([FromQuery(Name = "limit")] string? Limit, [FromQuery(Name = "cursor")] string? Cursor);

/// <summary>
/// Keyset paging for the lists: each item has a sort key, the list is in the ordinal order of those keys, and a cursor
/// is the last key of a page (opaque to clients). A page starts after its cursor's key, so items added meanwhile never
/// shift a page or repeat an item: a new item shows up where its key puts it.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The limit and the key to start after, or the validation problem that names the bad parameter.</summary>
    public static ValidationProblem? TryRead(PageParameters parameters, out int limit, out string? after)
    {
        limit = DefaultLimit;
        after = null;
        if (parameters.Limit is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Validation("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        }

        if (parameters.Cursor is { } cursor && (after = Decode(cursor)) is null)
        {
            return Problems.Validation("cursor", "Use the nextCursor of the previous page.");
        }

        return null;
    }

    /// <summary>One page of <paramref name="items"/> in the order of <paramref name="key"/>, after <paramref name="after"/>.</summary>
    public static ItemsResponse<T> Page<T>(IEnumerable<T> items, Func<T, string> key, int limit, string? after)
    {
        var page = items.Select(i => (Key: key(i), Item: i))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(limit + 1).ToList();
        var more = page.Count > limit;
        var shown = page.Take(limit).ToList();
        return new ItemsResponse<T>([.. shown.Select(x => x.Item)], more ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(shown[^1].Key)) : null);
    }

    /// <summary>A sort key for creation order: the instant (fixed width, so ordinal order is time order), then the id.</summary>
    public static string CreatedKey(DateTimeOffset createdAt, object id) =>
        string.Create(CultureInfo.InvariantCulture, $"{createdAt.UtcTicks:D20}|{id}");

    private static string? Decode(string cursor)
    {
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return key.Length > 0 && !key.Contains('\0', StringComparison.Ordinal) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
