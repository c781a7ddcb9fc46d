using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace Cvr.Ingest.Management;

/// <summary>
/// Seals the secret values of a stored document with ASP.NET Core Data Protection, each bound to the
/// document's key (a sealed value copied into another document does not open), and lists where it
/// sealed them (<c>sealed</c>), so that reading needs neither the topology nor the rules that chose them.
/// A document without that list is one stored in plain text by an older Cvr.
/// </summary>
public sealed class SecretSeal(IDataProtectionProvider protection)
{
    public const string SealedField = "sealed";

    private readonly IDataProtector _protector = protection.CreateProtector("Cvr.Ingest.GraphSecrets.v1");

    public static bool IsSealed(JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored[SealedField] is JsonArray;
    }

    /// <summary>A copy of the document with the values at the pointers sealed (as their JSON text).</summary>
    public JsonObject Seal(JsonObject document, IEnumerable<string> pointers, string key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(pointers);
        var protector = _protector.CreateProtector(key);
        var copy = (JsonObject)document.DeepClone();
        var sealedAt = new JsonArray();
        foreach (var pointer in pointers.Distinct(StringComparer.Ordinal))
        {
            if (JsonPointer.Find(copy, pointer) is { } value)
            {
                JsonPointer.Replace(copy, pointer, protector.Protect(value.ToJsonString()));
                sealedAt.Add(pointer);
            }
        }

        copy[SealedField] = sealedAt;
        return copy;
    }

    /// <summary>A copy of the stored document with its sealed values opened and the list removed.</summary>
    public JsonObject Unseal(JsonObject stored, string key)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var protector = _protector.CreateProtector(key);
        var copy = (JsonObject)stored.DeepClone();
        if (copy[SealedField] is JsonArray sealedAt)
        {
            foreach (var pointer in sealedAt.Select(Json.Text).OfType<string>())
            {
                if (Json.Text(JsonPointer.Find(copy, pointer)) is not { } text)
                {
                    continue;
                }

                try
                {
                    JsonPointer.Replace(copy, pointer, JsonNode.Parse(protector.Unprotect(text)));
                }
                catch (CryptographicException ex)
                {
                    throw new InvalidOperationException(
                        $"'{key}' holds a secret ({pointer}) that this service cannot unseal: its key ring is missing or was encrypted with another certificate (KeyRing:CertificatePath).", ex);
                }
            }
        }

        copy.Remove(SealedField);
        return copy;
    }
}
