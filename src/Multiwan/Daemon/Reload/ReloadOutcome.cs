using Multiwan.Configuration;
using Multiwan.Control;

namespace Multiwan.Daemon;

/// <summary>What a reload did: the new config (null when refused, the running one stays) and the operator's answer.</summary>
internal sealed record ReloadOutcome(MultiwanConfig? Config, ControlResponse Response);
