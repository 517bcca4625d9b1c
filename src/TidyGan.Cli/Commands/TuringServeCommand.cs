using System.ComponentModel;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;
using TidyGan.TuringTest;

namespace TidyGan.Cli.Commands;

/// <summary>`tidygan turing serve`: the rater and admin pages over a study file until Ctrl+C.</summary>
public sealed class TuringServeCommand : Command<TuringServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--study <FILE>")]
        public string? Study { get; init; }

        [CommandOption("--urls <URLS>")]
        [Description("Where to listen (default http://127.0.0.1:5080, with --cert https://127.0.0.1:5443; port 0 picks a free one). Beyond one machine use HTTPS: --cert/--key or a TLS proxy")]
        public string? Urls { get; init; }

        [CommandOption("--cert <FILE>")]
        [Description("Serve HTTPS with this PEM certificate (chain); needs --key")]
        public string? Cert { get; init; }

        [CommandOption("--key <FILE>")]
        [Description("The certificate's unencrypted PEM private key")]
        public string? Key { get; init; }

        [CommandOption("--guess-limit <N>")]
        [Description("Failed token lookups allowed per client address per --guess-window; beyond it that address gets 429 (default 20)")]
        public int GuessLimit { get; init; } = 20;

        [CommandOption("--guess-window <SECONDS>")]
        [Description("The sliding window of --guess-limit, in seconds (default 60)")]
        public int GuessWindow { get; init; } = 60;

        [CommandOption("--forwarded-for")]
        [Description("Behind a reverse proxy on this machine: take the client address from its X-Forwarded-For (and the scheme from X-Forwarded-Proto). Only with a proxy: otherwise clients could choose their address")]
        public bool ForwardedFor { get; init; }

        public override ValidationResult Validate() => Study is null ? ValidationResult.Error("--study FILE is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var app = TuringServer.Build(settings.Study!, new TuringServerOptions
        {
            Urls = settings.Urls ?? (settings.Cert is null ? "http://127.0.0.1:5080" : "https://127.0.0.1:5443"),
            CertificatePath = settings.Cert,
            KeyPath = settings.Key,
            GuessLimit = settings.GuessLimit,
            GuessWindow = TimeSpan.FromSeconds(settings.GuessWindow),
            TrustForwardedFor = settings.ForwardedFor,
        });
        app.Start();
        foreach (var url in app.Urls) Console.WriteLine($"listening on {url.TrimEnd('/')}");
        Console.WriteLine("rater pages: /r/TOKEN, admin page: /admin/TOKEN (links printed by `tidygan turing create`). Ctrl+C stops.");
        Console.WriteLine($"token guessing: {settings.GuessLimit} failed lookups per client address per {settings.GuessWindow} s, then 429{(settings.ForwardedFor ? " (address from X-Forwarded-For of a loopback proxy)" : "")}");
        Console.Out.Flush();
        app.WaitForShutdown();
        return 0;
    }
}
