using System.Diagnostics;

namespace CreditLedger.Api.Tests.Support;

/// <summary>Runs a program the tests need (node, npm, bash, dotnet) to the end and returns what it wrote.</summary>
public static class Processes
{
    public sealed record Finished(int ExitCode, string Output, string Errors)
    {
        /// <summary>Both streams, for an assertion's message.</summary>
        public string Log => Output + Errors;
    }

    public static async Task<Finished> RunAsync(
        string program, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        // Both streams at once: a program that fills one while the other is read to its end would never finish.
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Finished(process.ExitCode, await output, await errors);
    }
}
