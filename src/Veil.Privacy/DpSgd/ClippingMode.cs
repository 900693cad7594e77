namespace Veil.Privacy.DpSgd;

/// <summary>How DP-SGD clips each example's gradient.</summary>
public enum ClippingMode
{
    /// <summary>The whole gradient, all layers together, to norm C (<see cref="Clipping.FlatClipping"/>).</summary>
    Flat,

    /// <summary>Each parameterized layer on its own to C / sqrt(L) (<see cref="Clipping.PerLayerClipping.Equal"/>):
    /// the whole clipped gradient still has norm at most C.</summary>
    PerLayer,
}
