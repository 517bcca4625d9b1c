namespace TidyGan.TuringTest.Tests;

public class AnswerRequestTests
{
    [Fact]
    public void AValidBodyParses()
    {
        var a = AnswerRequest.Parse("""{"item":"0123456789abcdef","call":"synthetic","confidence":4,"seconds":2.25}"""u8);
        Assert.Equal(new AnswerRequest("0123456789abcdef", true, 4, 2.25), a);
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":4}""", "'seconds'")]
    [InlineData("""{"item":"0123456789ABCDEF","call":"real","confidence":4,"seconds":1}""", "'item'")]
    [InlineData("""{"item":"../../etc/passwd","call":"real","confidence":4,"seconds":1}""", "'item'")]
    [InlineData("""{"item":"0123456789abcdef","call":"fake","confidence":4,"seconds":1}""", "'call'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":0,"seconds":1}""", "'confidence'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":6,"seconds":1}""", "'confidence'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":2.5,"seconds":1}""", "'confidence'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":"3","seconds":1}""", "wrong type")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":3,"seconds":-1}""", "'seconds'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":3,"seconds":1e9}""", "'seconds'")]
    [InlineData("""{"item":"0123456789abcdef","call":"real","confidence":3,"seconds":1,"truth":"real"}""", "unknown field")]
    public void MalformedBodiesAreRefusedWithAMessage(string body, string message)
    {
        var e = Assert.Throws<FormatException>(() => AnswerRequest.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Contains(message, e.Message);
    }
}
