using System.Xml.Linq;
using Cvr.Platform.State;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Cvr.Platform.KeyRing;

/// <summary>
/// Data Protection's key ring in a service's own state store, so that it outlives pods and every replica
/// shares it: one entry per key (its XML, encrypted by the key-encryption certificate before it gets
/// here) and an index of their names, updated with ETags so that two replicas never lose a key. A key is
/// saved before it is indexed: one that was never indexed was never handed out.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous and the state store is not: Data Protection reads the ring
/// on first use and about once a day, and writes it when it makes a key (every 90 days), so blocking a
/// thread-pool thread for those calls, with a bound, costs nothing that matters.
/// </remarks>
public sealed class StateStoreXmlRepository(IStateStore store, TimeProvider time) : IXmlRepository
{
    public const string IndexKey = "keyring:index";
    private const int MaxConcurrencyRetries = 16;
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(30);

    public IReadOnlyCollection<XElement> GetAllElements() => Bounded(GetAllElementsAsync);

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        Bounded(async cancellationToken =>
        {
            await StoreElementAsync(element, friendlyName, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync(CancellationToken cancellationToken)
    {
        var names = (await store.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false))?.Value ?? [];
        var elements = new List<XElement>(names.Count);
        foreach (var name in names)
        {
            if ((await store.GetAsync<string>(EntryKey(name), cancellationToken).ConfigureAwait(false))?.Value is { } xml)
            {
                elements.Add(XElement.Parse(xml));
            }
        }

        return elements;
    }

    public async Task StoreElementAsync(XElement element, string friendlyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(element);
        await store.SaveAsync(EntryKey(friendlyName), element.ToString(SaveOptions.DisableFormatting), cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxConcurrencyRetries; attempt++)
        {
            var index = await store.GetAsync<List<string>>(IndexKey, cancellationToken).ConfigureAwait(false);
            var names = index?.Value ?? [];
            if (names.Contains(friendlyName, StringComparer.Ordinal))
            {
                return;
            }

            List<string> updated = [.. names, friendlyName];
            var saved = index is null
                ? await store.TryCreateAsync(IndexKey, updated, cancellationToken).ConfigureAwait(false)
                : await store.TrySaveAsync(IndexKey, updated, index.ETag, cancellationToken).ConfigureAwait(false);
            if (saved)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The key ring index '{IndexKey}' kept changing under concurrent writers.");
    }

    private static string EntryKey(string friendlyName) => $"keyring:{friendlyName}";

    private T Bounded<T>(Func<CancellationToken, Task<T>> call)
    {
        using var bound = new CancellationTokenSource(CallBound, time);
        return Task.Run(() => call(bound.Token), bound.Token).GetAwaiter().GetResult();
    }
}
