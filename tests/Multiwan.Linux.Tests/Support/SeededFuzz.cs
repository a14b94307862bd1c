using CsCheck;

namespace Multiwan.Support;

/// <summary>
/// Runs a CsCheck generator a fixed number of times from a fixed seed, so every run of the suite sees the same
/// inputs (CsCheck's own <c>Sample</c> only fixes the first one). A failure names the iteration and the input.
/// </summary>
public static class SeededFuzz
{
    public static void Run<T>(Gen<T> gen, int iterations, ulong seed, Action<T> assert, Func<T, string>? print = null)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"iteration {i} (seed {seed}) failed on: {(print ?? (v => Check.Print(v)))(value)}", e);
            }
        }
    }

    public static async Task RunAsync<T>(Gen<T> gen, int iterations, ulong seed, Func<T, Task> assert, Func<T, string>? print = null)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                await assert(value);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"iteration {i} (seed {seed}) failed on: {(print ?? (v => Check.Print(v)))(value)}", e);
            }
        }
    }
}
