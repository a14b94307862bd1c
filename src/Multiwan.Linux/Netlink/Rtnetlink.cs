namespace Multiwan.Netlink;

/// <summary>rtnetlink constants (linux/rtnetlink.h, linux/fib_rules.h, linux/if_link.h) and their <c>ip</c> spellings.</summary>
internal static class Rtnetlink
{
    public const ushort NewLink = 16;
    public const ushort GetLink = 18;
    public const ushort NewAddr = 20;
    public const ushort GetAddr = 22;
    public const ushort NewRoute = 24;
    public const ushort DelRoute = 25;
    public const ushort GetRoute = 26;
    public const ushort NewRule = 32;
    public const ushort DelRule = 33;
    public const ushort GetRule = 34;

    public const ushort RtaDst = 1;
    public const ushort RtaOif = 4;
    public const ushort RtaGateway = 5;
    public const ushort RtaPriority = 6;
    public const ushort RtaPrefsrc = 7;
    public const ushort RtaMultipath = 9;
    public const ushort RtaTable = 15;

    public const ushort FraSrc = 2;
    public const ushort FraPriority = 6;
    public const ushort FraFwmark = 10;
    public const ushort FraTable = 15;
    public const ushort FraFwmask = 16;
    public const ushort FraOifname = 17;
    public const ushort FraProtocol = 21;

    public const byte ScopeUniverse = 0;
    public const byte ScopeLink = 253;
    public const byte ScopeNowhere = 255;
    public const byte Unicast = 1;

    private static readonly string?[] Types = [null, null, "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"];

    /// <summary>Null for unicast (ip omits it), else the ip name of the route type.</summary>
    public static string? TypeName(byte type) => type < Types.Length ? Types[type] : type.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    public static byte TypeOf(string? name)
    {
        var index = name is null ? Unicast : Array.IndexOf(Types, name);
        return index <= 0 ? Unicast : (byte)index;
    }

    /// <summary>Null for global (ip omits it), else <c>link</c>, <c>host</c>, <c>site</c>, <c>nowhere</c> or the number.</summary>
    public static string? ScopeName(byte scope) => scope switch
    {
        ScopeUniverse => null,
        200 => "site",
        ScopeLink => "link",
        254 => "host",
        ScopeNowhere => "nowhere",
        _ => scope.ToString(global::System.Globalization.CultureInfo.InvariantCulture),
    };

    public static byte ScopeOf(string name) => name switch
    {
        "site" => 200,
        "link" => ScopeLink,
        "host" => 254,
        "nowhere" => ScopeNowhere,
        _ => byte.TryParse(name, global::System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : ScopeUniverse,
    };
}
