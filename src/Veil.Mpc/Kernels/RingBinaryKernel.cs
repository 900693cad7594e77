namespace Veil.Mpc.Kernels;

/// <summary>An elementwise kernel: <c>destination[i] = f(x[i], y[i])</c>.</summary>
internal delegate void RingBinaryKernel(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination);
