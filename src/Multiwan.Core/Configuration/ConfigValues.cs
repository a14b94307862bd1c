namespace Multiwan.Configuration;

/// <summary>Structural equality over configs (records hold lists, whose own Equals compares references).</summary>
internal static class ConfigValues
{
    public static bool DeepEquals(MultiwanConfig? a, MultiwanConfig? b) => MultiwanConfig.Schema.Equal(a, b);
}
