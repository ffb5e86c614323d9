using System.Globalization;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Reports;

/// <summary>
/// CSV versions of the reports: a header row, then one line per bucket or item, columns in the JSON field
/// order. Written straight to the response stream.
/// </summary>
public static class ReportCsv
{
    public static IResult Usage(UsageReport report, string fileName) => Csv(fileName, ["start", "end", "actions", "dataCredits", "events"],
        report.Series.Select(p => new object?[] { p.Start, p.End, p.Actions, p.DataCredits, p.Events }));

    public static IResult Users(UsersReport report, string fileName) => Csv(fileName, ["userId", "email", "name", "actions", "dataCredits", "events"],
        report.Items.Select(i => new object?[] { i.UserId, i.Email, i.Name, i.Actions, i.DataCredits, i.Events }));

    public static IResult Integrations(IntegrationsReport report, string fileName) => Csv(
        fileName, ["integration", "name", "actions", "dataCredits", "events", "attempts", "successes"],
        report.Items.Select(i => new object?[] { i.Integration, i.Name, i.Actions, i.DataCredits, i.Events, i.Attempts, i.Successes }));

    /// <summary>The tree depth first, each line with its parent; usage without a resource is the last line, with no resourceId.</summary>
    public static IResult Resources(ResourcesReport report, string fileName) => Csv(
        fileName, ["resourceId", "parentId", "kind", "name", "ownerUserId", "isDeleted", "actions", "dataCredits", "events", "attempts", "successes"],
        ResourceReportBuilder.Flatten(report.Items)
            .Select(x => new object?[]
            {
                x.Node.ResourceId, x.ParentId, x.Node.Kind, x.Node.Name, x.Node.OwnerUserId, x.Node.IsDeleted ? "true" : "false",
                x.Node.Actions, x.Node.DataCredits, x.Node.Events, x.Node.Attempts, x.Node.Successes,
            })
            .Append([null, null, null, "unattributed", null, null, report.Unattributed.Actions, report.Unattributed.DataCredits,
                report.Unattributed.Events, null, null]));

    private static Microsoft.AspNetCore.Http.HttpResults.PushStreamHttpResult Csv(string fileName, string[] header, IEnumerable<object?[]> lines) =>
        TypedResults.Stream(async stream =>
        {
            await using var writer = new StreamWriter(stream, leaveOpen: true) { NewLine = "\r\n" };
            await writer.WriteLineAsync(string.Join(',', header));
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(string.Join(',', line.Select(Field)));
            }
        }, "text/csv; charset=utf-8", fileName);

    private static string Field(object? value) => value switch
    {
        null => string.Empty,
        DateTimeOffset instant => JsonSetup.Format(instant),
        decimal amount => Rules.Money.Normalize(amount).ToString(CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString()!),
    };

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not execute it.</summary>
    private static string Quote(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
