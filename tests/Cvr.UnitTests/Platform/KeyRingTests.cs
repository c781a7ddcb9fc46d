using System.Runtime.Versioning;
using System.Security.Cryptography;
using Cvr.Platform.Hosting;
using Cvr.Platform.KeyRing;
using Cvr.Platform.Sqlite;
using Cvr.Platform.State;
using Cvr.Testing;
using Cvr.UnitTests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cvr.UnitTests.Platform;

/// <summary>The key ring in both modes, with real Data Protection, a real store and real files.</summary>
[UnsupportedOSPlatform("windows")] // file modes are Unix's
public sealed class KeyRingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task StateStoreKeyRing_TwoReplicasOneStore_ShareKeysEncryptedWithTheCertificate()
    {
        var stores = await StoresAsync();
        var certificate = KeyEncryptionCertificate.Create(_folder.File("kek"));
        using var first = KeyRingServices.Build(_folder.File("replica-1"), stores, CvrMode.Dapr, certificate);
        using var second = KeyRingServices.Build(_folder.File("replica-2"), stores, CvrMode.Dapr, certificate);

        var sealedText = Protector(first).Protect("camera password");

        Assert.Equal("camera password", Protector(second).Unprotect(sealedText));
        var store = stores.ForApp("ingest");
        var names = (await store.GetAsync<List<string>>(StateStoreXmlRepository.IndexKey, CancellationToken.None))!.Value;
        var xml = (await store.GetAsync<string>($"keyring:{Assert.Single(names)}", CancellationToken.None))!.Value;
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateStoreKeyRing_ReadWithAnotherCertificate_DoesNotOpen()
    {
        var stores = await StoresAsync();
        using var owner = KeyRingServices.Build(_folder.File("owner"), stores, CvrMode.Dapr, KeyEncryptionCertificate.Create(_folder.File("kek"), "ours"));
        using var stranger = KeyRingServices.Build(_folder.File("stranger"), stores, CvrMode.Dapr, KeyEncryptionCertificate.Create(_folder.File("kek"), "theirs"));
        var sealedText = Protector(owner).Protect("camera password");

        Assert.ThrowsAny<CryptographicException>(() => Protector(stranger).Unprotect(sealedText));
    }

    [Fact]
    public async Task DaprMode_WithoutACertificate_IsRefusedNamingTheSetting()
    {
        var stores = await StoresAsync();

        var error = Assert.Throws<OptionsValidationException>(() => KeyRingServices.Build(_folder.File("data"), stores, CvrMode.Dapr));

        Assert.Contains("KeyRing:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateWithoutItsPrivateKey_IsRefusedNamingTheSetting()
    {
        var stores = await StoresAsync();
        var certificate = KeyEncryptionCertificate.Create(_folder.File("kek"));

        var error = Assert.Throws<OptionsValidationException>(() =>
            KeyRingServices.Build(_folder.File("data"), stores, CvrMode.Dapr, certificate with { PrivateKeyPath = "" }));

        Assert.Contains("KeyRing:PrivateKeyPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FolderKeyRing_SingleProcess_OlderLooseFilesTightenedAtStartAndNewKeysAre0600()
    {
        var data = _folder.File("data");
        var keys = Path.Combine(data, "keys");
        Directory.CreateDirectory(keys);
        File.SetUnixFileMode(keys, (UnixFileMode)0b111_101_101);
        var older = Path.Combine(keys, "notes.txt");
        await File.WriteAllTextAsync(older, "left by an older Cvr");
        File.SetUnixFileMode(older, (UnixFileMode)0b110_100_100);
        using var services = KeyRingServices.Build(data, await StoresAsync());
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(keys));
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(older));

        var sealedText = Protector(services).Protect("camera password");

        Assert.Equal("camera password", Protector(services).Unprotect(sealedText));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(keys);
        Assert.Contains(files, f => f.EndsWith(".xml", StringComparison.Ordinal));
        Assert.All(files, f => Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(f)));
    }

    public void Dispose() => _folder.Dispose();

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    private async Task<IStateStoreFactory> StoresAsync()
    {
        var database = new SqliteDatabase(_folder.File("state.db"));
        await SqliteStateStore.CreateSchemaAsync(database, CancellationToken.None);
        return new SqliteStateStoreFactory(database);
    }
}
