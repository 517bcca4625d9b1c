using Spectre.Console.Cli;
using TidyGan.Cli;

TidyGan.Runtime.NativeSetup.Apply();
ErrorReporter.Arguments = args;

var app = new CommandApp();
app.Configure(config =>
{
    CliApp.Configure(config);
    config.SetExceptionHandler((exception, _) => ErrorReporter.Report(exception));
});
return app.Run(CliApp.MapLongNames(args));
