using System.Text.Json.Serialization;

namespace Multiwan.Cli;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ExplainJson))]
internal sealed partial class ExplainJsonContext : JsonSerializerContext;
