namespace Multiwan.Configuration;

/// <summary>Reads Net-ISP-Balance's balance.conf (not yet implemented).</summary>
internal static class BalanceConfReader
{
    public static MultiwanConfig? Read(string text, DiagnosticBag diagnostics)
    {
        _ = text;
        diagnostics.ErrorAt(0, "file", "balance.conf is not supported yet");
        return null;
    }

    public static bool LooksLikeStatement(string line) => false;
}
