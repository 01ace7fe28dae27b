namespace Kappa.Views.Tests;

public class EntryIdTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = "0" + new string('f', 63);

    [Fact]
    public void Canonical_text_round_trips()
    {
        var id = EntryId.Parse(A + "@42");
        Assert.Equal(42, id.Seq);
        Assert.Equal(A + "@42", id.ToString());
        Span<byte> bytes = stackalloc byte[EntryId.EncodedSize];
        id.WriteTo(bytes);
        Assert.Equal(id, EntryId.ReadFrom(bytes));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@01")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@-1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1 ")]
    [InlineData("")]
    public void Only_the_canonical_spelling_parses(string text) => Assert.False(EntryId.TryParse(text, out _));

    [Fact]
    public void Order_is_feed_hex_then_seq_as_a_number()
    {
        var ids = new[] { A + "@10", A + "@9", B + "@100", A + "@0" }.Select(EntryId.Parse).Order().Select(i => i.ToString());
        Assert.Equal(new[] { B + "@100", A + "@0", A + "@9", A + "@10" }, ids);
    }
}
