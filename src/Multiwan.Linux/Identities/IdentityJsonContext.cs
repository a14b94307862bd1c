using System.Text.Json.Serialization;

namespace Multiwan.Identities;

/// <summary>Source-generated JSON for <c>identities.json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(IdentityFileJson))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
