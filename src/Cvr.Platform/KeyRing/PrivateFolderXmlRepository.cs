using System.Xml.Linq;
using Cvr.Platform.Files;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Cvr.Platform.KeyRing;

/// <summary>
/// The single-process key ring: Data Protection's own file repository, in a folder only Cvr's user may
/// enter (0700), each key file 0600. Key files of an older Cvr are tightened when the ring is opened.
/// </summary>
public sealed class PrivateFolderXmlRepository : IXmlRepository
{
    private readonly string _folder;
    private readonly FileSystemXmlRepository _files;

    public PrivateFolderXmlRepository(string folder, ILoggerFactory loggers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        PrivateFiles.CreateFolder(_folder);
        TightenFiles();
        _files = new FileSystemXmlRepository(new DirectoryInfo(_folder), loggers);
    }

    public string Folder => _folder;

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);

        // The folder is already closed to others; this keeps the file closed should it ever move.
        TightenFiles();
    }

    private void TightenFiles()
    {
        foreach (var file in Directory.EnumerateFiles(_folder))
        {
            PrivateFiles.Tighten(file);
        }
    }
}
