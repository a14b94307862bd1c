using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Support;

namespace Multiwan.Identities;

/// <summary><c>identities.json</c>: written on first sight, reused whatever the order, read only for <c>plan</c>.</summary>
public sealed class IdentityStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string FilePath => _dir.Combine("state", IdentityStore.FileName);

    [Fact]
    public void The_daemon_remembers_slots_and_a_link_inserted_first_leaves_the_others_where_they_were()
    {
        var store = IdentityStore.Persistent(_dir.Combine("state"));

        var first = Assign(store, "wan1", "wan2");
        var inserted = Assign(IdentityStore.Persistent(_dir.Combine("state")), "lte", "wan1", "wan2");

        Assert.Equal([("wan1", 0), ("wan2", 1)], first);
        Assert.Equal([("lte", 2), ("wan1", 0), ("wan2", 1)], inserted);
        Assert.Equal(
            "{\n  \"version\": 1,\n  \"links\": [\n    {\n      \"name\": \"wan1\",\n      \"slot\": 0\n    },\n    {\n      \"name\": \"wan2\",\n      \"slot\": 1\n    },\n    {\n      \"name\": \"lte\",\n      \"slot\": 2\n    }\n  ]\n}",
            File.ReadAllText(FilePath));
        Assert.Equal([IdentityStore.FileName], Directory.GetFiles(_dir.Combine("state")).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void Read_only_uses_the_file_when_present_and_never_writes()
    {
        var readOnly = IdentityStore.ReadOnly(_dir.Combine("state"));

        Assert.Equal([("b", 0), ("a", 1)], Assign(readOnly, "b", "a")); // no file: by position
        Assert.False(Directory.Exists(_dir.Combine("state")));

        Assign(IdentityStore.Persistent(_dir.Combine("state")), "a", "b");
        var before = File.ReadAllText(FilePath);
        Assert.Equal([("c", 2), ("b", 1), ("a", 0)], Assign(readOnly, "c", "b", "a")); // c is new: allocated, not written
        Assert.Equal(before, File.ReadAllText(FilePath));
    }

    [Theory]
    [InlineData("{\"version\":1,\"links\":[{\"name\":\"a\",\"slot\":0},{\"name\":\"b\",\"slot\":0}]}", "links a and b both hold slot 0; fix the file or remove it (links then get slots by position)")]
    [InlineData("{\"version\":1,\"links\":[{\"name\":\"a\",\"slot\":0},{\"name\":\"a\",\"slot\":1}]}", "link a is listed twice; fix the file or remove it")]
    [InlineData("{\"version\":7,\"links\":[]}", "not a version 1 identities file; fix it or remove it (links then get slots by position)")]
    [InlineData("{\"version\":1,\"links\":[{\"name\":", "cannot read (")]
    public void A_bad_file_is_one_error_naming_it(string content, string expected)
    {
        Directory.CreateDirectory(_dir.Combine("state"));
        File.WriteAllText(FilePath, content);

        var (slots, error) = IdentityStore.Persistent(_dir.Combine("state")).Assign(Config("a", "b"));

        Assert.Null(slots);
        Assert.StartsWith($"{FilePath}: {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
        Assert.Equal(content, File.ReadAllText(FilePath)); // left for the operator to look at
    }

    private static (string, int)[] Assign(IdentityStore store, params string[] links)
    {
        var (slots, error) = store.Assign(Config(links));
        Assert.Null(error);
        return [.. links.Select(l => (l, slots!.SlotOf(l)))];
    }

    private static MultiwanConfig Config(params string[] links) => new()
    {
        Links = [.. links.Select(l => new LinkConfig { Name = l, Interface = l, Targets = [new TargetConfig { Address = "192.0.2.1" }] })],
    };
}
