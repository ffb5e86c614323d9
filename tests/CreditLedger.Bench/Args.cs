namespace CreditLedger.Bench;

/// <summary>--name value pairs from the command line, with defaults.</summary>
public sealed class Args(string[] args)
{
    public string Mode => args.Length > 0 ? args[0] : "help";

    public string Get(string name, string fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public int Number(string name, int fallback) => int.Parse(Get(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

    public string Required(string name) =>
        Get(name, "") is { Length: > 0 } value ? value : throw new ArgumentException($"--{name} is required");
}
