using TidyGan.Reports;

namespace TidyGan.Tests.Reports;

public class HtmlReportTests
{
    [Fact]
    public void EverythingTheUserWritesIsEscaped()
    {
        var html = new HtmlReport("<script>alert(1)</script>")
            .AddSection("a & b")
            .AddText("x < y\n\"quoted\" 'single'")
            .AddKeyValues([new("<script>", "</td><script>")])
            .AddTable(["<b>"], [["<i>"]])
            .AddImage("img/<x>.png", "<caption>")
            .ToHtml();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<i>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("a &amp; b", html);
        Assert.Contains("x &lt; y<br>&quot;quoted&quot; &#39;single&#39;", html);
        Assert.Contains("src=\"img/%3Cx%3E.png\"", html);
    }

    [Fact]
    public void SaveWritesAWholePageAtomicallyWithRelativeImagePaths()
    {
        using var dir = new TempDirectory();
        var page = dir.File("run", "report.html");
        var losses = new ScalarSeries("loss/generator", [(0, 2.0), (100, 1.0), (200, 0.5)]);
        new HtmlReport("DCGAN run")
            .AddKeyValues([new("batch_size", "64"), new("lr", "0.0002")], changed: new HashSet<string> { "batch_size" })
            .AddSection("Samples")
            .AddImage(dir.File("run", "samples", "step 200.png"), "step 200")
            .AddImage("plots/losses.png")
            .AddFinalValues([losses], tail: 2)
            .AddTimings([new("training", TimeSpan.FromSeconds(123.4)), new("per step", TimeSpan.FromMilliseconds(850))])
            .AddText("Trained on 2 cores.")
            .Save(page);
        Assert.Equal(["report.html"], Directory.GetFiles(dir.File("run")).Select(Path.GetFileName));
        var html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Contains("src=\"samples/step%20200.png\"", html);
        Assert.Contains("src=\"plots/losses.png\"", html);
        Assert.Contains("<tr class=\"changed\"><th>batch_size</th>", html);
        Assert.Contains("<td>loss/generator</td><td>200</td><td>0.5</td><td>0.75</td>", html);
        Assert.Contains("<td>0:02:03</td>", html);
        Assert.Contains("<td>0.850 s</td>", html);
    }

    [Fact]
    public void TableRowsMustMatchColumns() =>
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").AddTable(["a", "b"], [["1"]]));
}
