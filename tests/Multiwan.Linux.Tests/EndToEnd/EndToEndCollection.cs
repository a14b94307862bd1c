namespace Multiwan.EndToEnd;

/// <summary>
/// Every end-to-end class shares one lab and one running daemon (<see cref="EndToEndLab"/>) and runs one after the
/// other; the fixture checks at the very end that the suite left no namespace behind.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndLab>
{
    public const string Name = "end-to-end";
}
