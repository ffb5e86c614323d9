using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The service on a real Kestrel port, so a real browser can load the dashboard.</summary>
public sealed class BrowserApiFactory : LedgerApiFactory
{
    public string RootUrl { get; private set; } = "";

    /// <summary>The dashboard's webhook form is tried against a receiver on loopback.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        RootUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }
}
