namespace Multiwan.Lab;

/// <summary>The lab could not be built or a fault could not be injected (a setup failure, not a test result).</summary>
public sealed class LabException(string message) : Exception(message);
