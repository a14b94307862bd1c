using Multiwan.Configuration.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Multiwan.Configuration;

/// <summary>Reads the native YAML config into a <see cref="MultiwanConfig"/>; syntax and binding errors go to the bag.</summary>
internal static class YamlConfigReader
{
    public static MultiwanConfig? Read(string text, DiagnosticBag diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            diagnostics.ErrorAt(checked((int)e.Start.Line), "yaml", $"not valid YAML: {Message(e)}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            diagnostics.ErrorAt(1, "links", "the file is empty; at least one link is needed");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            diagnostics.ErrorAt(YamlBinder.Line(stream.Documents[1].RootNode), "yaml", "only one YAML document is allowed", stream.Documents.Count);
        }

        var root = stream.Documents[0].RootNode;

        // Per-link health starts as the global health: bind that first (its errors are reported by the full pass below).
        var globalHealth = new HealthConfig();
        if (root is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("health"), out var healthNode))
        {
            var scratch = new DiagnosticBag(diagnostics.File, new SourceMap());
            globalHealth = new YamlBinder(scratch, ConfigTemplates.Defaults).BindRoot(healthNode, HealthConfig.Schema);
        }

        return new YamlBinder(diagnostics, new ConfigTemplates(globalHealth)).BindRoot(root, MultiwanConfig.Schema);
    }

    private static string Message(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
