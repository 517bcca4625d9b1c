using TorchSharp;

namespace TidyGan.Tests.Runtime;

public class NativeLoadTests
{
    [Fact]
    public void TorchOnesWorks()
    {
        // Fails with DllNotFoundException on Debian 12 unless build/WeakGlibcxx.targets patched the output copy.
        using var one = torch.ones(1);
        Assert.Equal(1f, one.item<float>());
    }

    [Fact]
    public void MallocFixIsAppliedAtStartup() => Assert.True(TidyGan.Runtime.NativeSetup.MallocTuned);
}
