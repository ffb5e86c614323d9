namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Set-up a test needs beyond PostgreSQL (Chromium, the hot standby). On its own, <c>dotnet test</c> skips such a test with
/// the reason and how to provide it; under scripts/test.sh and CI (<c>CREDITLEDGER_TEST_COMPLETE=1</c>) nothing may be
/// skipped, so a missing piece fails the test instead.
/// </summary>
public static class Provisioned
{
    public static void Require(bool present, string missing)
    {
        if (present)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CREDITLEDGER_TEST_COMPLETE") == "1")
        {
            throw new InvalidOperationException($"{missing} (scripts/test.sh runs every test, so this is a failure, not a skip)");
        }

        Skip.If(true, missing);
    }
}
