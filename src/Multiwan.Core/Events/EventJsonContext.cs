using System.Text.Json.Serialization;
using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>The journal's JSON shape (one compact line per event): snake_case keys, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnakeCaseEnumConverter<EventKind>), typeof(SnakeCaseEnumConverter<LinkState>)])]
[JsonSerializable(typeof(LinkEvent))]
[JsonSerializable(typeof(AvailabilityReport))]
public sealed partial class EventJsonContext : JsonSerializerContext;
