using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Kernel;

namespace Multiwan.Daemon;

/// <summary>What a reload did: the new config and its link slots (null when refused, the running ones stay) and the operator's answer.</summary>
internal sealed record ReloadOutcome(MultiwanConfig? Config, LinkSlots? Slots, ControlResponse Response);
