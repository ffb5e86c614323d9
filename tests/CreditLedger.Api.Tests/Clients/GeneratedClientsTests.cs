using System.Diagnostics;
using System.IO.Compression;

namespace CreditLedger.Api.Tests.Clients;

/// <summary>The clients are what the committed document generates, and the C# one packs as a NuGet package.</summary>
public class GeneratedClientsTests
{
    [Fact]
    public async Task The_committed_clients_are_what_the_committed_document_generates()
    {
        var (exitCode, output) = await RunAsync("bash", Path.Combine(Repository.Root, "scripts", "generate-clients.sh"), "--check");

        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task The_csharp_client_packs_as_a_nuget_package()
    {
        var output = Directory.CreateTempSubdirectory("creditledger-pack-");
        try
        {
            // The configuration this test was built in, so the pack reuses that build.
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var (exitCode, log) = await RunAsync("dotnet", "pack", Path.Combine(Repository.Root, "src", "CreditLedger.Client"),
                "-c", configuration, "--no-build", "--nologo", "-o", output.FullName);

            exitCode.ShouldBe(0, log);
            using var package = ZipFile.OpenRead(output.GetFiles("CreditLedger.Client.*.nupkg").Single().FullName);
            package.Entries.Select(e => e.FullName).ShouldContain("lib/net10.0/CreditLedger.Client.dll");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + errors);
    }
}
