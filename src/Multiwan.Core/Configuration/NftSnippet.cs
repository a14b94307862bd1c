namespace Multiwan.Configuration;

/// <summary>
/// User nft commands applied after <c>table ip multiwan_fw</c> in its transaction: a file of <c>firewall.nft_directory</c>, or the
/// translation of a balance/firewall file. Each line keeps the line of <see cref="File"/> it came from, so an nft error
/// names <c>file:line</c>.
/// </summary>
public sealed record NftSnippet(string File, IReadOnlyList<NftSnippetLine> Lines);

/// <summary>One nft line of a snippet and the line of its file it came from.</summary>
public sealed record NftSnippetLine(int Line, string Text);
