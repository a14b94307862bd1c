namespace Multiwan.Configuration;

/// <summary>Translates one iptables command (its arguments after <c>iptables</c>) to nft, as <c>iptables-translate</c> does.</summary>
public interface IIptablesTranslator
{
    /// <returns>The nft commands, or null with <paramref name="error"/> saying why not.</returns>
    IReadOnlyList<string>? Translate(IReadOnlyList<string> arguments, out string error);
}
