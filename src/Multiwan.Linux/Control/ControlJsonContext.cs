using System.Text.Json.Serialization;
using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Control;

/// <summary>The control protocol's JSON (one compact object per line) and the CLI's <c>--json</c> output.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnakeCaseEnumConverter<EventKind>), typeof(SnakeCaseEnumConverter<LinkState>)])]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(StatusSnapshot))]
[JsonSerializable(typeof(IReadOnlyList<LinkEvent>))]
[JsonSerializable(typeof(AvailabilityReport))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
