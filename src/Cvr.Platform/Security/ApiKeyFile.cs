using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cvr.Media.Files;

namespace Cvr.Platform.Security;

/// <summary>
/// The data folder's <c>api-keys.json</c>: one random key per role, readable by its owner only (0600).
/// Its shape is a configuration file (<c>{"Cvr":{"Keys":{...}}}</c>), so a running Cvr reads it
/// through configuration and picks up a rotation without a restart.
/// </summary>
public static class ApiKeyFile
{
    public const string FileName = "api-keys.json";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string dataFolder) => Path.Combine(dataFolder, FileName);

    /// <summary>The keys in the data folder, or null when it has none yet.</summary>
    public static ApiKeyOptions? Read(string dataFolder)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path))
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(path));
        var keys = root?["Cvr"]?["Keys"];
        return new ApiKeyOptions { Operator = keys?["Operator"]?.GetValue<string>(), Viewer = keys?["Viewer"]?.GetValue<string>() };
    }

    /// <summary>Creates keys for every role unless the folder has them; true when it created them.</summary>
    public static async Task<(ApiKeyOptions Keys, bool Created)> EnsureAsync(string dataFolder, CancellationToken cancellationToken)
    {
        if (Read(dataFolder) is { Operator.Length: > 0, Viewer.Length: > 0 } existing)
        {
            Tighten(PathIn(dataFolder));
            return (existing, false);
        }

        return (await RotateAsync(dataFolder, CvrRoles.All, cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>New keys for the given roles (the others are kept), written atomically with mode 0600.</summary>
    public static async Task<ApiKeyOptions> RotateAsync(string dataFolder, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var keys = Read(dataFolder) ?? new ApiKeyOptions();
        foreach (var role in roles)
        {
            if (role == CvrRoles.Operator)
            {
                keys.Operator = NewKey();
            }
            else if (role == CvrRoles.Viewer)
            {
                keys.Viewer = NewKey();
            }
        }

        var json = new JsonObject { ["Cvr"] = new JsonObject { ["Keys"] = new JsonObject { ["Operator"] = keys.Operator, ["Viewer"] = keys.Viewer } } };
        var path = PathIn(dataFolder);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        var stream = new FileStream(temporary, options);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, json, new JsonSerializerOptions { WriteIndented = true }, cancellationToken).ConfigureAwait(false);
        }

        Tighten(temporary);
        DurableFile.Flush(temporary);
        DurableFile.Move(temporary, path, overwrite: true);
        return keys;
    }

    /// <summary>A key: 32 random bytes, base64url (no dots, so it is never mistaken for a JWT).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Tighten(string path) => File.SetUnixFileMode(path, OwnerOnly);
}
