namespace TidyGan.Data;

/// <summary>A named dataset needs a Debian data package that is not installed; the message says how to fix it.</summary>
public sealed class MissingDataPackageException : TidyGan.IO.UserException
{
    public MissingDataPackageException(string dataset, string package, string missingPath)
        : base($"dataset '{dataset}' needs the Debian package '{package}' ({missingPath} not found). " +
               $"Install it with: sudo apt-get install -y {package}")
    {
        Dataset = dataset;
        Package = package;
        MissingPath = missingPath;
    }

    public MissingDataPackageException() : this("", "", "") { }

    public MissingDataPackageException(string message) : base(message) { Dataset = Package = MissingPath = ""; }

    public MissingDataPackageException(string message, Exception inner) : base(message, inner) { Dataset = Package = MissingPath = ""; }

    public string Dataset { get; }
    public string Package { get; }
    public string MissingPath { get; }
}
