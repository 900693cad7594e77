namespace Veil.Audit.Attacks;

/// <summary>The membership-inference attacks Veil runs.</summary>
public enum AttackKind
{
    /// <summary>LOSS / threshold (Yeom et al. 2018).</summary>
    Loss,

    /// <summary>LiRA with IN and OUT shadow models (Carlini et al. 2022).</summary>
    LiraOnline,

    /// <summary>LiRA with OUT shadow models only.</summary>
    LiraOffline,

    /// <summary>RMIA with all reference models (Zarifzadeh et al. 2024).</summary>
    Rmia,

    /// <summary>RMIA with OUT reference models and the offline approximation.</summary>
    RmiaOffline,
}
