namespace TidyGan.IO;

/// <summary>
/// A mistake the user can fix (bad data, a wrong dataset or checkpoint, a missing label): the command line prints
/// its message as one <c>error:</c> line and exits 1. Anything else that escapes is treated as a bug and keeps its
/// stack trace (in a crash log).
/// </summary>
public class UserException : Exception
{
    public UserException() { }

    public UserException(string message) : base(message) { }

    public UserException(string message, Exception? inner) : base(message, inner) { }
}
