namespace Multiwan.Configuration;

/// <summary>One <c>iptables ...</c> line of a Net-ISP-Balance <c>balance/firewall/*.conf</c> file.</summary>
public sealed record IptablesLine(string File, int Line, string Text);
