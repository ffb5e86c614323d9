using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>A fold interval that could never tick stops the start with the setting's name, not a timer's exception later.</summary>
public class RollupFoldSettingsTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void The_service_refuses_to_start_with_a_fold_interval_that_is_not_positive(string interval)
    {
        var failure = Should.Throw<OptionsValidationException>(() =>
            api.WithWebHostBuilder(builder => builder.UseSetting("CreditLedger:RollupFoldInterval", interval)).CreateClient());

        failure.Message.ShouldContain("rollup fold interval");
    }
}
