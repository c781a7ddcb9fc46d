namespace Cvr.ContractTests.Delivery;

/// <summary>
/// A subscriber's answer as daprd reads it: 2xx with SUCCESS (or an empty body) acknowledges, RETRY
/// (or an unknown status) redelivers, DROP drops, 404 drops, any other code redelivers.
/// </summary>
public sealed record DeliveryAnswer(int HttpStatus, string? Status, string Body)
{
    public static async Task<DeliveryAnswer> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        return new DeliveryAnswer((int)response.StatusCode, DaprdCloudEvent.StatusOf(body), body);
    }

    public override string ToString() => $"HTTP {HttpStatus} {Body}";
}
