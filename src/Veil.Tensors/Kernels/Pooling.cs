using System.Runtime.CompilerServices;

namespace Veil.Tensors.Kernels;

/// <summary>
/// Max and average pooling over square windows without padding, on planes of <c>height x width</c> (an NCHW tensor
/// is <c>batch·channels</c> planes). Output size per axis: <c>(size − k) / stride + 1</c>.
/// </summary>
/// <remarks>Thread-safety: stateless; large calls split planes between cores.</remarks>
public static class Pooling
{
    /// <summary>
    /// <c>output[plane, y, x] = max over the window at (y·s, x·s)</c>, and <c>argmax</c> records the index, within its
    /// input plane, of the element chosen (the first maximum in row-major order), for the backward pass.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match the geometry.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxPool(ReadOnlySpan<float> input, int planes, int height, int width, int kernelSize, int stride, Span<float> output, Span<int> argmax)
    {
        var (oh, ow) = Check(input.Length, planes, height, width, kernelSize, stride, output.Length);
        Guard.LengthEquals(argmax.Length, output.Length, nameof(argmax));
        unsafe
        {
            fixed (float* pin = input)
            fixed (float* pout = output)
            fixed (int* parg = argmax)
            {
                nint inAddress = (nint)pin, outAddress = (nint)pout, argAddress = (nint)parg;
                ParallelRange.For(planes, (long)oh * ow * kernelSize * kernelSize, (start, end) =>
                {
                    for (int plane = start; plane < end; plane++)
                    {
                        float* src = (float*)inAddress + ((long)plane * height * width);
                        float* dst = (float*)outAddress + ((long)plane * oh * ow);
                        int* arg = (int*)argAddress + ((long)plane * oh * ow);
                        if (kernelSize == 2 && stride == 2)
                        {
                            MaxPool2x2(src, width, oh, ow, dst, arg);
                            continue;
                        }

                        for (int y = 0; y < oh; y++)
                        {
                            for (int x = 0; x < ow; x++)
                            {
                                int first = (y * stride * width) + (x * stride);
                                int best = first;
                                float max = src[first];
                                for (int u = 0; u < kernelSize; u++)
                                {
                                    int rowStart = first + (u * width);
                                    for (int v = 0; v < kernelSize; v++)
                                    {
                                        float value = src[rowStart + v];
                                        if (value > max)
                                        {
                                            max = value;
                                            best = rowStart + v;
                                        }
                                    }
                                }

                                dst[(y * ow) + x] = max;
                                arg[(y * ow) + x] = best;
                            }
                        }
                    }
                });
            }
        }
    }

    /// <summary>The common 2 x 2, stride 2 window without inner loops: four loads and three comparisons per output,
    /// keeping the first maximum in row-major order as the general path does.</summary>
    private static unsafe void MaxPool2x2(float* src, int width, int oh, int ow, float* dst, int* arg)
    {
        for (int y = 0; y < oh; y++)
        {
            int top = 2 * y * width;
            float* r0 = src + top;
            float* r1 = r0 + width;
            for (int x = 0; x < ow; x++)
            {
                int i = 2 * x;
                float max = r0[i];
                int best = top + i;
                if (r0[i + 1] > max)
                {
                    max = r0[i + 1];
                    best = top + i + 1;
                }

                if (r1[i] > max)
                {
                    max = r1[i];
                    best = top + width + i;
                }

                if (r1[i + 1] > max)
                {
                    max = r1[i + 1];
                    best = top + width + i + 1;
                }

                dst[(y * ow) + x] = max;
                arg[(y * ow) + x] = best;
            }
        }
    }

    /// <summary>Adds each <paramref name="outputGradient"/> element to the input element <paramref name="argmax"/> chose:
    /// the backward pass of <see cref="MaxPool"/>. Set <paramref name="inputGradient"/> to zero first.</summary>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxPoolBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, int planes, int planeSize, Span<float> inputGradient)
    {
        Guard.LengthEquals(argmax.Length, outputGradient.Length, nameof(argmax));
        Guard.LengthEquals(inputGradient.Length, planes * planeSize, nameof(inputGradient));
        Guard.IsTrue(planes > 0 && outputGradient.Length % planes == 0, nameof(outputGradient), "must hold the same number of elements per plane");
        int perPlane = outputGradient.Length / planes;
        for (int plane = 0; plane < planes; plane++)
        {
            Span<float> target = inputGradient.Slice(plane * planeSize, planeSize);
            int offset = plane * perPlane;
            for (int i = 0; i < perPlane; i++)
            {
                int index = argmax[offset + i];
                Guard.IsTrue((uint)index < (uint)planeSize, nameof(argmax), "holds an index outside its plane");
                target[index] += outputGradient[offset + i];
            }
        }
    }

    /// <summary><c>output[plane, y, x] = mean over the window at (y·s, x·s)</c>.</summary>
    /// <exception cref="ArgumentException">A length does not match the geometry.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgPool(ReadOnlySpan<float> input, int planes, int height, int width, int kernelSize, int stride, Span<float> output)
    {
        var (oh, ow) = Check(input.Length, planes, height, width, kernelSize, stride, output.Length);
        float scale = 1f / (kernelSize * kernelSize);
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> src = input.Slice(plane * height * width, height * width);
            Span<float> dst = output.Slice(plane * oh * ow, oh * ow);
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++)
                {
                    float sum = 0f;
                    for (int u = 0; u < kernelSize; u++)
                    {
                        sum += System.Numerics.Tensors.TensorPrimitives.Sum(src.Slice((((y * stride) + u) * width) + (x * stride), kernelSize));
                    }

                    dst[(y * ow) + x] = sum * scale;
                }
            }
        }
    }

    /// <summary>Adds to each input element the mean-share of the gradient of every window holding it: the backward
    /// pass of <see cref="AvgPool"/>. Set <paramref name="inputGradient"/> to zero first.</summary>
    /// <exception cref="ArgumentException">A length does not match the geometry.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AvgPoolBackward(ReadOnlySpan<float> outputGradient, int planes, int height, int width, int kernelSize, int stride, Span<float> inputGradient)
    {
        var (oh, ow) = Check(inputGradient.Length, planes, height, width, kernelSize, stride, outputGradient.Length);
        float scale = 1f / (kernelSize * kernelSize);
        for (int plane = 0; plane < planes; plane++)
        {
            Span<float> dst = inputGradient.Slice(plane * height * width, height * width);
            ReadOnlySpan<float> src = outputGradient.Slice(plane * oh * ow, oh * ow);
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++)
                {
                    float share = src[(y * ow) + x] * scale;
                    for (int u = 0; u < kernelSize; u++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(
                            dst.Slice((((y * stride) + u) * width) + (x * stride), kernelSize), share,
                            dst.Slice((((y * stride) + u) * width) + (x * stride), kernelSize));
                    }
                }
            }
        }
    }

    /// <summary>Output height and width of a pooling window over a plane.</summary>
    /// <exception cref="ArgumentException">The window does not fit.</exception>
    public static (int Height, int Width) OutputSize(int height, int width, int kernelSize, int stride)
    {
        Guard.Positive(kernelSize);
        Guard.Positive(stride);
        Guard.IsTrue(kernelSize <= height && kernelSize <= width, nameof(kernelSize), $"{kernelSize} is larger than the {height} x {width} input");
        return (((height - kernelSize) / stride) + 1, ((width - kernelSize) / stride) + 1);
    }

    private static (int Height, int Width) Check(int inputLength, int planes, int height, int width, int kernelSize, int stride, int outputLength)
    {
        var (oh, ow) = OutputSize(height, width, kernelSize, stride);
        Guard.LengthEquals(inputLength, planes * height * width, "input");
        Guard.LengthEquals(outputLength, planes * oh * ow, "output");
        return (oh, ow);
    }
}
