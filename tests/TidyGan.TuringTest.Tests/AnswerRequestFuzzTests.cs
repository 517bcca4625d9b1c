using System.Text;
using TidyGan.Tests.Fuzzing;
using Xunit.Abstractions;

namespace TidyGan.TuringTest.Tests;

/// <summary>
/// The reader study's JSON answer bodies, mutated: <see cref="AnswerRequest.Parse"/> either accepts a body or
/// refuses it with a <see cref="FormatException"/> (the server's 400), never anything else.
/// </summary>
public class AnswerRequestFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        """{"item": "0123456789abcdef", "call": "real", "confidence": 3, "seconds": 2.5}""",
        """{"item":"fedcba9876543210","call":"synthetic","confidence":5,"seconds":0}""",
        """{"seconds": 86400, "confidence": 1, "call": "synthetic", "item": "00000000000000ff"}""",
    ];

    // Found by this test: a string holding invalid UTF-8 escaped as InvalidOperationException ("Cannot transcode
    // invalid UTF-8 JSON text"), 40 of 2,000 inputs; AnswerRequest.Parse now refuses such bodies with a FormatException.
    [Theory]
    [InlineData(2_000)]
    [InlineData(10_000)]
    public void MutatedBodiesAreAcceptedOrRefusedWithAFormatError(int count)
    {
        int accepted = 0, refused = 0;
        var failures = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var mutator = new FuzzMutator(18_000_000 + i);
            var seed = Encoding.UTF8.GetBytes(Seeds[mutator.Random.Next(Seeds.Length)]);
            var body = mutator.Mutate(seed, [], out string what);
            try
            {
                var answer = AnswerRequest.Parse(body);
                Assert.InRange(answer.Confidence, 1, 5);
                Assert.InRange(answer.Seconds, 0, AnswerRequest.MaxSeconds);
                accepted++;
            }
            catch (FormatException) { refused++; }
            catch (Exception e) { failures.Add($"input {i} ({what}): {e.GetType().Name}: {e.Message}"); }
        }
        output.WriteLine($"answer bodies: {count} tried, {accepted} accepted, {refused} refused (400), {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(refused > 0 && accepted > 0);
    }
}
