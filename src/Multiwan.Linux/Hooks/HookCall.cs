namespace Multiwan.Hooks;

/// <summary>How the hooks of one directory are called: what the log names them by, their argv and their environment.</summary>
internal sealed record HookCall(string Event, string Link, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment);
