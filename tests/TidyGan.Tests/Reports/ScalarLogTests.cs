using TidyGan.Reports;

namespace TidyGan.Tests.Reports;

public class ScalarLogTests
{
    [Fact]
    public void ReadsSeriesByNameInOrderOfFirstAppearance()
    {
        const string csv = """
            step,name,value,wall_time
            0,loss/discriminator,1.386,0.5
            0,loss/generator,0.693,0.5
            1,loss/discriminator,1.2,1.25
            1,loss/generator,nan,1.25
            2,"fid, n=1000",inf,9.0
            """;
        var series = ScalarLog.Read(new StringReader(csv));
        Assert.Equal(["loss/discriminator", "loss/generator", "fid, n=1000"], series.Select(s => s.Name));
        Assert.Equal([(0L, 1.386), (1L, 1.2)], series[0].Points);
        Assert.True(double.IsNaN(series[1].Points[1].Value));
        Assert.Equal(double.PositiveInfinity, series[2].Points[0].Value);
    }

    [Fact]
    public void ColumnsAreFoundByNameAndResumedStepsOverride()
    {
        const string csv = "wall_time,value,name,step\n1,3.0,g,20\n2,1.0,g,10\n3,2.0,g,20\n\n";
        var g = Assert.Single(ScalarLog.Read(new StringReader(csv)));
        Assert.Equal([(10L, 1.0), (20L, 2.0)], g.Points);
        Assert.Equal((20L, 2.0), g.Last);
        Assert.Equal(1.5, g.TailMean(5));
    }

    [Fact]
    public void ReadsAFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("scalars.csv");
        File.WriteAllText(path, "\uFEFFstep,name,value,wall_time\r\n5,d,0.25,1.0\r\n");
        Assert.Equal((5L, 0.25), Assert.Single(ScalarLog.Read(path)).Last);
    }

    [Theory]
    [InlineData("")]
    [InlineData("step,name,wall_time\n1,a,2")]
    [InlineData("step,name,value,wall_time\nx,a,1,2")]
    [InlineData("step,name,value,wall_time\n1,a,abc,2")]
    [InlineData("step,name,value,wall_time\n1,a")]
    public void BadInputIsAFormatException(string csv) =>
        Assert.Throws<FormatException>(() => ScalarLog.Read(new StringReader(csv)));
}
