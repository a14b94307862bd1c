namespace Multiwan.Lab;

/// <summary>What to build: how many ISPs and targets, and whether the internet namespace runs the responders.</summary>
public sealed record LabOptions
{
    /// <summary>ISP namespaces (and router WANs <c>wan1</c>..): 1 to 200.</summary>
    public int Isps { get; init; } = 2;

    /// <summary>Target addresses in the internet namespace (100.64.250.1, .2, ...): 1 to 200.</summary>
    public int Targets { get; init; } = 3;

    /// <summary>Start the TCP, UDP, HTTP and DNS responders in the internet namespace.</summary>
    public bool Responders { get; init; } = true;
}
