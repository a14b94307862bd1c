namespace Multiwan.Cli;

/// <summary>The connection explained; a part not given is null (<c>protocol</c>: <c>any</c>).</summary>
internal sealed record ExplainConnectionJson(string? Src, string? Dst, string Protocol, int? SrcPort, int? DstPort);
