namespace Multiwan.Bench;

/// <summary>What a benchmark body can add besides its figures.</summary>
internal sealed class BenchContext
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Notes => _notes;

    public void Note(string note)
    {
        _notes.Add(note);
        Console.Error.WriteLine($"  {note}");
    }

    /// <summary>Progress on stderr (stdout carries only the JSON and the table).</summary>
    public static void Progress(string line) => Console.Error.WriteLine($"  .. {line}");
}
