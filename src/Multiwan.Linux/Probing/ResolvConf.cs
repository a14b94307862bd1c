using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// The resolver host-name targets are asked through their link: the first <c>nameserver</c> of <c>/etc/resolv.conf</c>
/// of the link binding's family (IPv4 for IPv4 probes, IPv6 for IPv6 probes: each goes out by that family's route).
/// </summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <returns>Port 53 of the first IPv4 nameserver, or null when the file is missing or names none.</returns>
    public static IPEndPoint? Nameserver(string path = DefaultPath) => Nameserver(AddressFamily.InterNetwork, path);

    /// <returns>Port 53 of the first nameserver of <paramref name="family"/>, or null when the file is missing or names none.</returns>
    public static IPEndPoint? Nameserver(AddressFamily family, string path = DefaultPath)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var words = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip) && ip.AddressFamily == family && (family == AddressFamily.InterNetwork || ip.ScopeId == 0))
                {
                    return new IPEndPoint(ip, 53);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
