using Microsoft.ML.OnnxRuntime;
using TidyGan.IO;
using static TorchSharp.torch;

namespace TidyGan.Export;

/// <summary>ONNX Runtime's execution provider: the CPU (default), or CUDA (needs ONNX Runtime's GPU build, see docs/onnx.md).</summary>
public enum OnnxProvider { Cpu, Cuda }

/// <summary>
/// Runs an exported TidyGan model with ONNX Runtime (CPU execution provider unless told otherwise): float32 and int64
/// inputs given as TorchSharp tensors, the first output returned as a float32 CPU tensor. Metadata of the file in
/// <see cref="Metadata"/>.
/// </summary>
public sealed class OnnxInference : IDisposable
{
    private readonly InferenceSession session;

    public OnnxInference(string path, int threads = 1, OnnxProvider provider = OnnxProvider.Cpu)
    {
        using var options = Options(threads, provider);
        try { session = new InferenceSession(path, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"ONNX Runtime could not load '{path}': {e.Message}", e); }
        Metadata = session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>A model held in memory (e.g. <see cref="OnnxExporter.ToOnnx"/>'s bytes).</summary>
    public OnnxInference(byte[] model, int threads = 1, OnnxProvider provider = OnnxProvider.Cpu)
    {
        using var options = Options(threads, provider);
        try { session = new InferenceSession(model, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"ONNX Runtime could not load the model: {e.Message}", e); }
        Metadata = session.ModelMetadata.CustomMetadataMap;
    }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// CUDA: device 0, the CPU provider kept as fallback for any node CUDA does not run. TidyGan references ONNX Runtime's
    /// CPU package, which has no CUDA provider: that is a clear error here, not a silent CPU run (untested on a GPU).
    /// </summary>
    private static SessionOptions Options(int threads, OnnxProvider provider)
    {
        var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        if (provider == OnnxProvider.Cuda)
        {
            try { options.AppendExecutionProvider_CUDA(0); }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                options.Dispose();
                throw new UserException("--onnx-provider cuda: this build's ONNX Runtime has no CUDA execution provider " +
                    $"(TidyGan references the CPU package Microsoft.ML.OnnxRuntime; build against Microsoft.ML.OnnxRuntime.Gpu.Linux to use a GPU): {e.Message}");
            }
        }
        return options;
    }

    public static OnnxProvider ParseProvider(string text) => text.ToLowerInvariant() switch
    {
        "cpu" => OnnxProvider.Cpu,
        "cuda" => OnnxProvider.Cuda,
        _ => throw new UserException($"--onnx-provider '{text}' is neither cpu nor cuda"),
    };

    public IReadOnlyList<string> InputNames => session.InputNames;

    public IReadOnlyList<string> OutputNames => session.OutputNames;

    /// <summary>The first output for the named inputs (float32 or int64 tensors, any device).</summary>
    public Tensor Run(params (string Name, Tensor Value)[] inputs)
    {
        var values = new List<OrtValue>();
        try
        {
            foreach (var (_, value) in inputs)
            {
                using var cpu = value.detach().cpu().contiguous();
                values.Add(cpu.dtype switch
                {
                    ScalarType.Int64 => OrtValue.CreateTensorValueFromMemory(cpu.data<long>().ToArray(), cpu.shape),
                    _ => OrtValue.CreateTensorValueFromMemory(cpu.to(float32).data<float>().ToArray(), cpu.shape),
                });
            }
            using var run = new RunOptions();
            using var outputs = session.Run(run, inputs.Select(i => i.Name).ToArray(), values, [session.OutputNames[0]]);
            var result = outputs[0];
            var shape = result.GetTensorTypeAndShape().Shape;
            return tensor(result.GetTensorDataAsSpan<float>().ToArray(), shape);
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    public void Dispose() => session.Dispose();
}
