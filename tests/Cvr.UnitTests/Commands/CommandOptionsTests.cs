using Cvr.Host.Commands;

namespace Cvr.UnitTests.Commands;

public class CommandOptionsTests
{
    private static readonly CommandSyntax InstanceSet = new("cvr instance set NAME --topology T", ["NAME"], ["topology", "param", "url"]);
    private static readonly CommandSyntax OpsRun = new("cvr ops run FILE", ["FILE"], ["url"], ["no-wait", "keep-going"]);

    [Fact]
    public void Parse_RepeatedOption_KeepsEveryValueInOrder()
    {
        var options = CommandOptions.Parse(["cam1", "--param", "rtspUrl=rtsp://a/b", "--topology", "T", "--param=rtspUserName=u"], InstanceSet);

        Assert.Equal("cam1", options.Argument(0));
        Assert.Equal("T", options.Get("topology"));
        Assert.Equal(["rtspUrl=rtsp://a/b", "rtspUserName=u"], options.GetAll("param"));
        Assert.Empty(options.GetAll("url"));
    }

    [Fact]
    public void Parse_Flags_TakeNoValue()
    {
        var options = CommandOptions.Parse(["--no-wait", "ops.json"], OpsRun);

        Assert.True(options.Has("no-wait"));
        Assert.False(options.Has("keep-going"));
        Assert.Equal("ops.json", options.Argument(0));
    }

    [Theory]
    [InlineData(new[] { "--topology", "T" }, "missing NAME; usage: cvr instance set NAME --topology T")]
    [InlineData(new[] { "a", "b" }, "unexpected argument 'b'")]
    [InlineData(new[] { "a", "--topology" }, "option --topology needs a value")]
    [InlineData(new[] { "a", "--color", "red" }, "unknown option --color (known: --topology, --param, --url)")]
    public void Parse_Mistake_IsOneLineNamingIt(string[] args, string expected)
    {
        var ex = Assert.Throws<CommandLineException>(() => CommandOptions.Parse(args, InstanceSet));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_FlagWithValue_IsAMistake()
    {
        var ex = Assert.Throws<CommandLineException>(() => CommandOptions.Parse(["ops.json", "--no-wait=yes"], OpsRun));

        Assert.StartsWith("option --no-wait takes no value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OptionsOnly_RejectsPositionalArguments()
    {
        var ex = Assert.Throws<CommandLineException>(() => CommandOptions.Parse(["--data", "d", "extra"], ["data"]));

        Assert.Equal("unexpected argument 'extra'", ex.Message);
    }
}
