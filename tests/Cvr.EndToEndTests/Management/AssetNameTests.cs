using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Cvr.EndToEndTests.Management.ManagementHostFixture;

namespace Cvr.EndToEndTests.Management;

/// <summary>Asset names are unique per store: two instances that would record into one asset cannot both exist.</summary>
public sealed class AssetNameTests(ManagementHostFixture lab) : IClassFixture<ManagementHostFixture>
{
    [Fact]
    public async Task InstanceSet_NameDifferingOnlyInCase_IsRefusedNamingTheInstanceThatHasTheAsset()
    {
        // "Owner" would record into lab-owner, the asset of the lab's instance "owner".
        var response = await lab.Host.Http.PutAsJsonAsync("api/graphInstances/Owner", LabInstance("Owner", Path.Combine(lab.Folder, "Owner")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("'owner'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("lab-owner", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.Host.Http.GetAsync(new Uri("api/graphInstances/Owner", UriKind.Relative))).StatusCode);
    }
}
