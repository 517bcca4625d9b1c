using System.Runtime.InteropServices;

namespace TidyGan.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (e.g. a batch scheduler's time limit) cancel <see cref="Token"/> instead of killing
/// the process, so a training run finishes its step, writes a checkpoint and exits; `--resume` continues from it.
/// </summary>
internal sealed class StopOnSignal : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly PosixSignalRegistration onInterrupt;
    private readonly PosixSignalRegistration onTerminate;

    public StopOnSignal(CancellationToken outer)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => stop.Token;

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    public void Dispose()
    {
        onInterrupt.Dispose();
        onTerminate.Dispose();
        stop.Dispose();
    }
}
