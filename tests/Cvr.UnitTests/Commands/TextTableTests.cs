using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

public class TextTableTests
{
    [Fact]
    public void Lines_AlignsColumnsWithoutTrailingBlanks()
    {
        var lines = TextTable.Lines(["NAME", "STATE"], [["a-long-name", "Active"], ["b", ""]]);

        Assert.Equal(["NAME         STATE", "a-long-name  Active", "b"], lines);
    }

    [Fact]
    public void Lines_MultiLineCell_BecomesOneLine()
    {
        var lines = TextTable.Lines(["NAME", "DESCRIPTION"], [["t", "first line\r\n  second\tline"]]);

        Assert.Equal("t     first line second line", lines[1]);
    }

    [Fact]
    public void Lines_ShortRow_IsPaddedWithEmptyCells()
    {
        var lines = TextTable.Lines(["A", "B", "C"], [["1"]]);

        Assert.Equal(["A  B  C", "1"], lines);
    }
}
