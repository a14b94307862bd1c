using System.Text;

namespace Multiwan.Kernel;

/// <summary>One chain of the script: a base chain when <see cref="Hook"/> is set (<c>type filter hook prerouting priority mangle</c>).</summary>
internal sealed record NftChain(string Name, IReadOnlyList<string> Rules, string? Hook = null)
{
    public void WriteTo(StringBuilder script)
    {
        script.Append("\tchain ").Append(Name).Append(" {\n");
        if (Hook is not null)
        {
            script.Append("\t\t").Append(Hook).Append("; policy accept;\n");
        }

        foreach (var rule in Rules)
        {
            script.Append("\t\t").Append(rule).Append('\n');
        }

        script.Append("\t}\n");
    }
}
