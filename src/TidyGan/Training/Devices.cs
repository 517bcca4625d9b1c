using TorchSharp;

namespace TidyGan.Training;

/// <summary>Parses "cpu", "cuda" or "cuda:N" and checks the device can be used.</summary>
public static class Devices
{
    public static torch.Device Parse(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"device '{name}': CUDA is not available in this build. TidyGan is built with the CPU libtorch " +
                    "by default; rebuild with -p:TorchBackend=libtorch-cuda-12.8-linux-x64 on a machine with an NVIDIA GPU (see README).");
            return torch.device(text);
        }
        throw new ArgumentException($"device '{name}' is not one of cpu, cuda, cuda:N");
    }
}
