using System.Text.RegularExpressions;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;

namespace CreditLedger.Api.Tests.Architecture;

/// <summary>
/// Every money movement goes through the engine's door (<see cref="CreditEngine"/>): features never open a transaction,
/// commit or hold a connection; the charge checks exist once; the book's state changes only through its own methods; every
/// refusal the engine can give has its problem at the edge.
/// </summary>
public class FrontDoorTests
{
    [Fact]
    public void No_feature_opens_a_session_commits_or_touches_a_connection()
    {
        var features = SourceTree.Files.Where(f => SourceTree.IsFeature(f.Folder)).ToList();
        features.Count.ShouldBeGreaterThan(40);

        var violations = features.SelectMany(f => Regex.Matches(f.Text,
                @"\bNpgsql\w*|\bLedgerSession\w*|\bCommitAsync\b|\bBeginTransaction\w*|\bOpenConnection\w*|\bSql\.(Command|BatchCommand)\b|(?<!Api)\.Database\b|\bUsageGroupCommitter\b|\bWorkspaceBook\b")
            .Select(m => $"{f.Path}: {m.Value}")).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void The_charge_checks_are_made_in_one_place()
    {
        var callers = SourceTree.Files.Where(f => Regex.IsMatch(f.Text, @"\.(FindShortfall|FindLimitBreach)\("))
            .Select(f => f.Path).ToList();

        callers.ShouldBe(["Engine/Charging/ChargeChecks.cs"]);
    }

    [Fact]
    public void The_books_state_changes_only_through_its_own_methods()
    {
        var outside = SourceTree.Files.Where(f => !Path.GetFileName(f.Path).StartsWith("WorkspaceBook", StringComparison.Ordinal)).ToList();

        var violations = outside.SelectMany(f => Regex.Matches(f.Text,
                @"(?<!ServiceMeter)\.(NewUsage|NewEntries|NewResponses|Grants|ChangedGrants|Rollups|Refusals)\s*(\.\s*(Add|Remove|Clear)\b|\[[^\]]*\]\s*=[^=])|\.UsageCount\s*(\+\+|[+-]?=[^=])")
            .Select(m => $"{f.Path}: {m.Value}")).ToList();

        violations.ShouldBeEmpty(string.Join('\n', violations));
    }

    [Fact]
    public void Every_refusal_the_engine_can_give_has_its_problem()
    {
        var known = typeof(ProblemTypes).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();

        foreach (var code in Enum.GetValues<RefusalCode>())
        {
            var refusal = new Refusal(code, $"A {code} refusal.", Field: "field",
                Shortfall: new Rules.Shortfall(Rules.Currency.Actions, 2, 1),
                Breach: new Rules.LimitBreach(Rules.LimitScope.User, "u", Rules.Currency.Actions, 2, 1));

            var problem = refusal.ToProblem();

            known.ShouldContain(problem.Type, $"{code} maps to a type the contract does not have");
            problem.Status.ShouldBeInRange(400, 499, $"{code} is the caller's to fix or retry, never a 5xx");
            problem.Detail.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public void A_value_outside_the_closed_list_is_not_mapped_silently()
    {
        Should.Throw<Exception>(() => new Refusal((RefusalCode)999, "?").ToProblem());
    }
}
