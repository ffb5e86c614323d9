using System.IO.Compression;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>The clients are what the committed document generates, and the C# one packs as a NuGet package.</summary>
public class GeneratedClientsTests
{
    [Fact]
    public async Task The_committed_clients_are_what_the_committed_document_generates()
    {
        var check = await Processes.RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "generate-clients.sh"), "--check"]);

        check.ExitCode.ShouldBe(0, check.Log);
    }

    [Fact]
    public async Task The_csharp_client_packs_as_a_nuget_package()
    {
        var output = Directory.CreateTempSubdirectory("creditledger-pack-");
        try
        {
            // The configuration this test was built in, so the pack reuses that build.
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var pack = await Processes.RunAsync("dotnet", ["pack", Path.Combine(Repository.Root, "src", "CreditLedger.Client"),
                "-c", configuration, "--no-build", "--nologo", "-o", output.FullName]);

            pack.ExitCode.ShouldBe(0, pack.Log);
            using var package = ZipFile.OpenRead(output.GetFiles("CreditLedger.Client.*.nupkg").Single().FullName);
            package.Entries.Select(e => e.FullName).ShouldContain("lib/net10.0/CreditLedger.Client.dll");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
