namespace Cvr.Testing;

/// <summary>Finds the repository (the folder with Cvr.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string LvaTopologies => Path.Combine(Root, "samples", "lva", "topologies");

    public static string Topology(string name, string version) => Path.Combine(LvaTopologies, name, version, "topology.json");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Cvr.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Cvr.sln not found above " + AppContext.BaseDirectory);
    }
}
