using Kappa.Protocol.Noise;
using Kappa.TestSupport;

namespace Kappa.Protocol.Tests.Noise;

public class CapabilityTests
{
    private static readonly System.Text.Json.JsonElement V = Vectors.Load("noise.json");

    private static (byte[] Tx, byte[] Rx) Split(string side) =>
        (V.GetProperty("split").GetProperty(side).HexProp("tx"), V.GetProperty("split").GetProperty(side).HexProp("rx"));

    [Fact]
    public void Capabilities_sent_by_each_side_match_the_vector()
    {
        var feedKey = V.GetProperty("capability").HexProp("feedPublicKey");
        var (itx, irx) = Split("initiator");
        var (rtx, rrx) = Split("responder");
        Assert.Equal(V.GetProperty("capability").Str("sentByInitiator"), Vectors.Hex(Capability.Create(itx, irx, feedKey)));
        Assert.Equal(V.GetProperty("capability").Str("sentByResponder"), Vectors.Hex(Capability.Create(rtx, rrx, feedKey)));
    }

    [Fact]
    public void Each_side_verifies_the_other_sides_capability_and_not_its_own()
    {
        var feedKey = V.GetProperty("capability").HexProp("feedPublicKey");
        var (itx, irx) = Split("initiator");
        var (rtx, rrx) = Split("responder");
        var fromInitiator = V.GetProperty("capability").HexProp("sentByInitiator");
        var fromResponder = V.GetProperty("capability").HexProp("sentByResponder");
        Assert.True(Capability.Verify(rtx, rrx, feedKey, fromInitiator));
        Assert.True(Capability.Verify(itx, irx, feedKey, fromResponder));
        Assert.False(Capability.Verify(itx, irx, feedKey, fromInitiator));
    }

    [Fact]
    public void A_wrong_short_or_missing_capability_does_not_verify()
    {
        var feedKey = V.GetProperty("capability").HexProp("feedPublicKey");
        var (rtx, rrx) = Split("responder");
        var good = V.GetProperty("capability").HexProp("sentByInitiator");
        var wrong = (byte[])good.Clone();
        wrong[31] ^= 0x80;
        Assert.False(Capability.Verify(rtx, rrx, feedKey, wrong));
        Assert.False(Capability.Verify(rtx, rrx, feedKey, good.AsSpan(0, 31)));
        Assert.False(Capability.Verify(rtx, rrx, feedKey, []));
        var otherFeed = (byte[])feedKey.Clone();
        otherFeed[0] ^= 1;
        Assert.False(Capability.Verify(rtx, rrx, otherFeed, good));
    }
}
