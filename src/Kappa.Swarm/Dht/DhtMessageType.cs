namespace Kappa.Swarm.Dht;

/// <summary>dht-rpc 4's TYPE enum.</summary>
internal enum DhtMessageType
{
    /// <summary>A request that changes nothing; answered by every node.</summary>
    Query = 1,

    /// <summary>A request that stores or removes something; needs a round-trip token.</summary>
    Update = 2,

    /// <summary>The answer to a query or update, echoing its request id.</summary>
    Response = 3,
}
