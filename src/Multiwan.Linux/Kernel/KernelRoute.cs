namespace Multiwan.Kernel;

/// <summary>A route read from the kernel (an rtnetlink dump) in the planner's own shape, with its protocol id.</summary>
public sealed record KernelRoute(PlannedRoute Route, int Protocol);

/// <summary>An <c>ip rule</c> read from the kernel, with its protocol id.</summary>
public sealed record KernelRule(PlannedRule Rule, int Protocol);
