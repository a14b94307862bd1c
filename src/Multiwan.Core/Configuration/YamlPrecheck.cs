using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Multiwan.Configuration;

/// <summary>
/// Streams the YAML events once before the node tree is built (which recurses per level): nesting deeper than
/// <see cref="ConfigLimits.Depth"/>, too many nodes or a too long scalar stop the load with a line, and a scanner
/// failure of any kind becomes a <c>not valid YAML</c> error instead of an exception.
/// </summary>
internal static class YamlPrecheck
{
    /// <returns>False when the file must not be bound (every reason is in <paramref name="d"/>).</returns>
    public static bool Check(string text, DiagnosticBag d)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var nodes = 0;
        var line = 1;
        var ok = true;
        return Guard(d, () => line, () =>
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                line = checked((int)e.Start.Line);
                switch (e)
                {
                    case MappingStart or SequenceStart when ++depth > ConfigLimits.Depth:
                        d.ErrorAt(line, "yaml", $"nested more than {ConfigLimits.Depth} levels deep", $"{depth} levels");
                        return false;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case Scalar { Value.Length: > ConfigLimits.ScalarLength } scalar:
                        d.ErrorAt(line, "yaml", $"a value longer than {ConfigLimits.ScalarLength} characters", $"{scalar.Value.Length} characters");
                        ok = false;
                        break;
                }

                if (e is NodeEvent or AnchorAlias && ++nodes > ConfigLimits.Nodes)
                {
                    d.ErrorAt(line, "yaml", $"more than {ConfigLimits.Nodes} values", $"{nodes} so far");
                    return false;
                }
            }

            return ok;
        });
    }

    /// <summary>Runs a YAML library step; its failure (the scanner throws on some malformed input) becomes an error at its line.</summary>
    public static bool Guard(DiagnosticBag d, Func<int> lastLine, Func<bool> step)
    {
        try
        {
            return step();
        }
        catch (YamlException e)
        {
            d.ErrorAt(Math.Max(1, checked((int)e.Start.Line)), "yaml", $"not valid YAML: {Message(e)}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or FormatException or IndexOutOfRangeException)
        {
            // YamlDotNet throws these for some malformed escapes (\U80000000) instead of a YamlException.
            var message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            d.ErrorAt(lastLine(), "yaml", $"not valid YAML: {message}");
        }

        return false;
    }

    private static string Message(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
