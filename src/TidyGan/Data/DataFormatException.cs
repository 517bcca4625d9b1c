namespace TidyGan.Data;

/// <summary>
/// A file is not a valid (or not a supported) instance of its format. Names the file and the header field so a
/// user can tell a broken download from an unsupported variant.
/// </summary>
public sealed class DataFormatException : TidyGan.IO.UserException
{
    public DataFormatException(string file, string field, string problem)
        : base($"{Path.GetFileName(file)}: field '{field}' {problem}")
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    public DataFormatException(string file, string field, string problem, Exception inner)
        : base($"{Path.GetFileName(file)}: field '{field}' {problem}", inner)
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    public DataFormatException() : this("", "", "") { }

    public DataFormatException(string message) : base(message) { File = ""; Field = ""; Problem = message; }

    public DataFormatException(string message, Exception inner) : base(message, inner) { File = ""; Field = ""; Problem = message; }

    /// <summary>Path of the offending file.</summary>
    public string File { get; }

    /// <summary>Header field (or section such as "data") that is wrong.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it, e.g. "= -3: dimensions must be positive".</summary>
    public string Problem { get; }
}
