namespace Cvr.EndToEndTests.Clips;

/// <summary>Clip and export tests share one recording (it takes minutes to make).</summary>
[CollectionDefinition(Name)]
public sealed class ClipCollection : ICollectionFixture<ClipFixture>
{
    public const string Name = "clips";
}
