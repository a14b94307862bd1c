using System.Text.Json;
using System.Text.Json.Serialization;

namespace Multiwan.Events;

/// <summary>Enums as snake_case strings (<c>state_change</c>, <c>online</c>); numbers are refused.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
