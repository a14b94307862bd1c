using System.Text;
using CsCheck;

namespace Multiwan.Text;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("eth0", "eth0")]
    [InlineData("eth0\n", "eth0\\n")]
    [InlineData("a\u001b[2Jb", "a\\e[2Jb")]
    [InlineData("\0\a\v\f\r\t", "\\0\\x07\\x0b\\x0c\\r\\t")]
    [InlineData("x\u007fy\u0085", "x\\x7fy\\x85")]
    [InlineData("\u202egnp.exe", "\\u202egnp.exe")]
    [InlineData("caf\u00e9 \U0001F600", "caf\u00e9 \U0001F600")]
    public void Control_format_and_broken_characters_are_shown_escaped(string raw, string shown)
    {
        Assert.Equal(shown, SafeText.Show(raw));
        Assert.Equal(raw != shown, SafeText.NeedsEscape(raw));
    }

    [Fact]
    public void A_lone_surrogate_is_shown_escaped()
    {
        var raw = new string([(char)0xd800, 'x']);

        Assert.True(SafeText.NeedsEscape(raw));
        Assert.Equal("\\ud800x", SafeText.Show(raw));
    }

    [Fact]
    public void A_long_value_is_cut_with_its_length()
    {
        var shown = SafeText.Show(new string('a', 100_000));

        Assert.Equal(new string('a', SafeText.ShownLength) + "… (100000 characters)", shown);
    }

    [Fact]
    public void No_string_escapes_to_anything_holding_a_control_character()
    {
        var pcg = new PCG(1, 20261201);
        var gen = Gen.OneOf(Gen.String, Gen.String[Gen.Char[(char)0, (char)0x3000], 0, 60]);
        for (var i = 0; i < 2000; i++)
        {
            var value = gen.Generate(pcg, null!, out _);
            var escaped = SafeText.Escape(value);
            Assert.False(SafeText.NeedsEscape(escaped), $"{i}: {escaped}");
            Assert.DoesNotContain(escaped.EnumerateRunes(), Rune.IsControl);
            Assert.Equal(SafeText.NeedsEscape(value), escaped != value);
        }
    }
}
