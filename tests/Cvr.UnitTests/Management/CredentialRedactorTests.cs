using Cvr.Ingest.Recording;

namespace Cvr.UnitTests.Management;

public class CredentialRedactorTests
{
    [Fact]
    public void Redact_UrlWithUserInfo_MasksUserAndPassword()
    {
        var redactor = new CredentialRedactor("s3cret!");

        var text = redactor.Redact("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized rtsp://admin:s3cret%21@10.0.0.5:554/stream");

        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", text, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@10.0.0.5:554/stream", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_BarePasswordInText_IsMasked()
    {
        var redactor = new CredentialRedactor("hunter2", null, "");

        Assert.Equal("password was *** here", redactor.Redact("password was hunter2 here"));
    }
}
