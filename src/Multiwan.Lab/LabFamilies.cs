namespace Multiwan.Lab;

/// <summary>Which address families a lab fault acts on.</summary>
[Flags]
public enum LabFamilies
{
    None = 0,
    Ipv4 = 1,
    Ipv6 = 2,
    Both = Ipv4 | Ipv6,
}
