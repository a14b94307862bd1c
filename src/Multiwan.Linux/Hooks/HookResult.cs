namespace Multiwan.Hooks;

/// <summary>What became of one hook: ran (exit code), killed at its timeout, or refused by StrictModes.</summary>
public readonly record struct HookResult(string Path, int ExitCode, bool TimedOut, bool Refused)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Refused;
}
