using System.Globalization;

namespace Multiwan.Configuration;

/// <summary>DNS response codes as <c>expect_rcode</c> spells them: a name or a number 0–15 (shared by validation and the probe).</summary>
public static class DnsRcode
{
    public static IReadOnlyList<string> Names { get; } = ["noerror", "formerr", "servfail", "nxdomain", "notimp", "refused"];

    public static string Expected => $"expected {string.Join(", ", Names)} or a number 0-15";

    public static bool TryParse(string text, out int rcode)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = Names.ToList().IndexOf(text.Trim().ToLowerInvariant());
        if (index >= 0)
        {
            rcode = index;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out rcode) && rcode <= 15;
    }

    public static string Name(int rcode) => rcode < Names.Count ? Names[rcode] : rcode.ToString(CultureInfo.InvariantCulture);
}
