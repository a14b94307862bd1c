using Multiwan.Configuration;

namespace Multiwan.Daemon;

/// <summary>
/// What the loop publishes for readers off the loop (<c>events</c>, <c>report</c>): an immutable record the loop
/// swaps after each burst. Nothing else of the loop's state is read from another thread.
/// </summary>
internal sealed record EngineView(MultiwanConfig Config);
