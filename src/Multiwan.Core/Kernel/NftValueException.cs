namespace Multiwan.Kernel;

/// <summary>
/// A value that cannot be written into the nft script without changing its structure (a quote, a wildcard, a
/// control character, ...). The renderer refuses it rather than guess; the plan paths (<c>plan</c>, <c>apply</c>,
/// the daemon's apply) already turn an <see cref="InvalidOperationException"/> into a one-line error. The config
/// loader refuses such values first; this is the second line of defence.
/// </summary>
internal sealed class NftValueException(string message) : InvalidOperationException(message);
