using System.Text.RegularExpressions;

namespace CreditLedger.Api.Tests.Docs;

/// <summary>The README's quickstart, run as written against a real server, so it never rots.</summary>
public class ReadmeQuickstartTests(BrowserApiFactory api) : IClassFixture<BrowserApiFactory>
{
    [Fact]
    public async Task The_quickstart_commands_work_as_written()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"));
        var quickstart = readme[readme.IndexOf("## Quickstart", StringComparison.Ordinal)..];
        var script = Regex.Match(quickstart, "```bash\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        script.ShouldContain("/usage");

        var bash = await Processes.RunAsync("bash", ["-euo", "pipefail", "-c", script],
            environment: new Dictionary<string, string> { ["ADMIN"] = LedgerApiFactory.AdminKey, ["API"] = api.RootUrl });
        var (output, errors) = (bash.Output, bash.Errors);

        bash.ExitCode.ShouldBe(0, errors + output);
        // The answers are printed indented; compared without their whitespace.
        var answers = Regex.Replace(output, @"\s+", "");
        answers.ShouldContain("\"charges\":[{\"currency\":\"actions\",\"amount\":1},{\"currency\":\"data_credits\",\"amount\":1}]");
        answers.ShouldContain("\"limit\":{\"scope\":\"resource\",\"scopeId\":\"outbound\",\"currency\":\"data_credits\",\"required\":500,\"remaining\":1}");
        answers.ShouldContain("\"type\":\"https://creditledger.dev/problems/spend-limit-reached\"");
        answers.ShouldContain("\"dataCredits\":{\"available\":499");
        answers.ShouldContain("\"resourceId\":\"outbound\",\"kind\":\"workbook\",\"name\":\"Outbound\",\"ownerUserId\":null,\"isDeleted\":false,\"actions\":1,\"dataCredits\":1");
        answers.ShouldContain("\"dataCredits\":{\"limit\":1,\"spent\":1,\"remaining\":0}");
        errors.ShouldContain("== POST /v1/workspaces/");
        // The range starts at a Berlin midnight (22:00 or 23:00 UTC), whatever the machine's zone.
        answers.ShouldMatch("\"from\":\"\\d{4}-\\d\\d-\\d\\dT2[23]:00:00Z\"");
        (await api.ScalarAsync<long>("SELECT count(*) FROM usage_events")).ShouldBe(2);
    }

}
