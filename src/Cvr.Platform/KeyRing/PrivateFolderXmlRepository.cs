using System.Xml.Linq;
using Cvr.Platform.Files;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.KeyRing;

/// <summary>
/// The single-process key ring: Data Protection's own file repository, in a folder only Cvr's user may
/// enter (0700), each key file 0600. Key files of an older Cvr are tightened at start (<see cref="Prepare"/>).
/// </summary>
public sealed class PrivateFolderXmlRepository : IXmlRepository
{
    private readonly string _folder;
    private readonly FileSystemXmlRepository _files;

    public PrivateFolderXmlRepository(string folder, ILoggerFactory loggers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        Prepare(_folder);
        _files = new FileSystemXmlRepository(new DirectoryInfo(_folder), loggers);
    }

    /// <summary>Creates the folder owner-only, or tightens it and the files in it (an older Cvr's).</summary>
    public static void Prepare(string folder)
    {
        PrivateFiles.CreateFolder(folder);
        TightenFiles(folder);
    }

    public string Folder => _folder;

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);

        // The folder is already closed to others; this keeps the file closed should it ever move.
        TightenFiles(_folder);
    }

    private static void TightenFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            PrivateFiles.Tighten(file);
        }
    }
}
