using System.Text;
using CsCheck;

namespace Multiwan.Text;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("a\u001b[2Jb", @"a\e[2Jb")]
    [InlineData("eth0\n", @"eth0\n")]
    [InlineData("a\0b\vc\fd\re\tf", @"a\0b\x0bc\x0cd\re\tf")]
    [InlineData("x\u007fy\u0085z", @"x\x7fy\x85z")]
    [InlineData("evil\u202etxt.exe", @"evil\u202etxt.exe")]
    [InlineData("café ok", "café ok")]
    public void Control_and_format_characters_are_shown_escaped(string value, string shown)
    {
        Assert.Equal(shown, SafeText.Escape(value));
    }

    [Fact]
    public void A_lone_surrogate_is_shown_escaped()
    {
        Assert.Equal(@"a\ud800b", SafeText.Escape("a\ud800b"));
    }

    [Fact]
    public void Show_cuts_long_values_and_says_how_long_they_were()
    {
        Assert.Equal("abc", SafeText.Show("abc"));
        Assert.Equal(new string('x', 80) + "… (100000 characters)", SafeText.Show(new string('x', 100_000)));
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
