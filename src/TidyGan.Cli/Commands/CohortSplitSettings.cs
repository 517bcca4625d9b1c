using System.ComponentModel;
using Spectre.Console.Cli;
using TidyGan.Data;

namespace TidyGan.Cli.Commands;

/// <summary>The subject split of cohort:PATH data (<see cref="CohortSplitRule"/>): the training verbs split by it and record
/// it; evaluate, features extract and turing create take it to name the same subjects as the run they measure.</summary>
public abstract class CohortSplitSettings : CommandSettings
{
    [CommandOption("--split <FRACTIONS>")]
    [Description("Cohorts: subject-level split fractions train,val,test (default 0.8,0.1,0.1; a manifest's split column wins)")]
    public string? Split { get; init; }

    [CommandOption("--split-seed <S>")]
    [Description("Cohorts: seed of the subject split, separate from --seed so runs with other seeds keep the same test subjects (default 0)")]
    public int? SplitSeed { get; init; }

    /// <summary>The flags as a rule; null when neither is given (the default rule).</summary>
    public CohortSplitRule? SplitFlags => CohortSplitRule.FromFlags(Split, SplitSeed);
}
