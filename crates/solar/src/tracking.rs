//! Single-axis trackers: the rotation that faces the sun, backtracking, and the plane it makes.

/// A single-axis tracker's geometry and limits.
///
/// Defaults ([`SingleAxisTracker::PVWATTS`]): a horizontal axis, rotation limited to ±45° and
/// rows at a ground coverage ratio of 0.4 with backtracking, as PVWatts v5's 1-axis tracker
/// (Dobos 2014, Table 4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SingleAxisTracker {
    /// Tilt of the rotation axis from horizontal [°].
    pub axis_tilt_deg: f64,
    /// Direction the axis points along, clockwise from north [°]: 180 (or 0) is a north–south
    /// axis, which turns the modules east in the morning and west in the afternoon.
    pub axis_azimuth_deg: f64,
    /// Largest rotation either side of flat [°].
    pub max_angle_deg: f64,
    /// Whether rows turn back towards flat when they would shade each other.
    pub backtrack: bool,
    /// Ground coverage ratio: module width across the axis over row pitch [0–1].
    pub gcr: f64,
}

impl SingleAxisTracker {
    /// PVWatts v5's 1-axis tracker on a north–south horizontal axis.
    pub const PVWATTS: Self = Self {
        axis_tilt_deg: 0.0,
        axis_azimuth_deg: 180.0,
        max_angle_deg: 45.0,
        backtrack: true,
        gcr: 0.4,
    };
}

/// Where a tracker points at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackerAngles {
    /// Rotation from flat, right-handed about the axis [°]: negative faces east of the axis
    /// (morning, on a north–south axis), positive west.
    pub theta_deg: f64,
    /// Tilt of the module plane from horizontal [°].
    pub surface_tilt_deg: f64,
    /// Direction the module plane faces, clockwise from north [°].
    pub surface_azimuth_deg: f64,
}

/// The rotation of a single-axis tracker and the module plane it gives.
///
/// Model: true tracking by the projection of the sun onto the plane normal to the axis
/// (Lorenzo, Narvarte & Muñoz 2011; Marion & Dobos 2013, eqs. 1–7), backtracking by Anderson &
/// Mikofski 2020 (eq. 14, level ground across the axis), then the rotation limit — as pvlib's
/// `tracking.singleaxis` with `cross_axis_tilt = 0`.
///
/// # Arguments
/// * `apparent_zenith_deg` — apparent (refracted) solar zenith [°].
/// * `solar_azimuth_deg` — solar azimuth, clockwise from north [°].
/// * `tracker` — geometry and limits.
///
/// # Returns
/// `None` while the sun is below the horizon (apparent zenith above 90°): the tracker's
/// position then does not matter. Otherwise its rotation and surface orientation.
///
/// # Equation
/// With the sun vector s = (sin z sin γ, sin z cos γ, cos z) in east–north–up coordinates and
/// the axis azimuth γₐ and tilt βₐ: s′ₓ = sₓ cos γₐ − s_y sin γₐ, s′_z = sₓ sin γₐ sin βₐ + s_y
/// cos γₐ sin βₐ + s_z cos βₐ; the ideal rotation ω = atan2(s′ₓ, s′_z). Backtracking: with
/// t = |cos ω| / gcr, θ = ω − sign(ω) arccos t when t < 1, else θ = ω. Then θ is clipped to
/// ±max. The plane: tilt β = arccos(cos θ cos βₐ); its normal n = R_z(−γₐ) R_x(−βₐ) R_y(θ) ẑ
/// gives the azimuth atan2(n_E, n_N) (γₐ − 90° when β = 0).
///
/// # Validity
/// Rows of equal height on ground level across the axis (a slope along the axis is the axis
/// tilt); backtracking avoids row-to-row shading of the beam, not of the diffuse sky.
///
/// # References
/// * W. F. Marion, A. P. Dobos, "Rotation Angle for the Optimum Tracking of One-Axis
///   Trackers", NREL/TP-6A20-58891, 2013, doi:10.2172/1089596.
/// * K. S. Anderson, M. A. Mikofski, "Slope-Aware Backtracking for Single-Axis Trackers",
///   NREL/TP-5K00-76626, 2020, doi:10.2172/1660126.
/// * pvlib-python `tracking.singleaxis`,
///   <https://pvlib-python.readthedocs.io/en/stable/reference/generated/pvlib.tracking.singleaxis.html>.
pub fn single_axis_angles(
    apparent_zenith_deg: f64,
    solar_azimuth_deg: f64,
    tracker: &SingleAxisTracker,
) -> Option<TrackerAngles> {
    if apparent_zenith_deg.is_nan() || apparent_zenith_deg > 90.0 {
        return None;
    }
    let (z, g) = (apparent_zenith_deg.to_radians(), solar_azimuth_deg.to_radians());
    let (ga, ba) = (
        tracker.axis_azimuth_deg.to_radians(),
        tracker.axis_tilt_deg.to_radians(),
    );
    let (sx, sy, sz) = (z.sin() * g.sin(), z.sin() * g.cos(), z.cos());
    let sx_axis = sx * ga.cos() - sy * ga.sin();
    let sz_axis = sx * ga.sin() * ba.sin() + sy * ga.cos() * ba.sin() + sz * ba.cos();
    let ideal = sx_axis.atan2(sz_axis);
    let mut theta = ideal;
    if tracker.backtrack {
        let t = (ideal.cos() / tracker.gcr).abs();
        if t < 1.0 {
            theta = ideal - ideal.signum() * t.acos();
        }
    }
    let limit = tracker.max_angle_deg.to_radians();
    theta = theta.clamp(-limit, limit);
    let surface_tilt = (theta.cos() * ba.cos()).clamp(-1.0, 1.0).acos();
    // The module normal R_z(−γₐ) R_x(−βₐ) R_y(θ) ẑ, east and north components.
    let normal_east = (-ga).sin() * (-ba).sin() * theta.cos() + (-ga).cos() * theta.sin();
    let normal_north = (-ga).sin() * theta.sin() - (-ga).cos() * (-ba).sin() * theta.cos();
    let surface_azimuth_deg = if surface_tilt == 0.0 {
        (tracker.axis_azimuth_deg - 90.0).rem_euclid(360.0)
    } else {
        normal_east.atan2(normal_north).to_degrees().rem_euclid(360.0)
    };
    Some(TrackerAngles {
        theta_deg: theta.to_degrees(),
        surface_tilt_deg: surface_tilt.to_degrees(),
        surface_azimuth_deg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noon_sun_on_a_north_south_axis_lies_flat() {
        // Sun due south at 30° zenith: its projection onto the east–west plane is vertical.
        let a = single_axis_angles(30.0, 180.0, &SingleAxisTracker::PVWATTS).unwrap();
        assert!(a.theta_deg.abs() < 1e-12, "{a:?}");
        assert!(a.surface_tilt_deg.abs() < 1e-12);
    }

    #[test]
    fn morning_faces_east_and_afternoon_west() {
        let free = SingleAxisTracker {
            backtrack: false,
            max_angle_deg: 90.0,
            ..SingleAxisTracker::PVWATTS
        };
        // Sun due east at 40° zenith: a horizontal N–S axis turns exactly 40° towards it.
        let am = single_axis_angles(40.0, 90.0, &free).unwrap();
        assert!((am.theta_deg + 40.0).abs() < 1e-9, "{am:?}");
        assert!((am.surface_tilt_deg - 40.0).abs() < 1e-9);
        assert!((am.surface_azimuth_deg - 90.0).abs() < 1e-9);
        let pm = single_axis_angles(40.0, 270.0, &free).unwrap();
        assert!((pm.theta_deg - 40.0).abs() < 1e-9 && (pm.surface_azimuth_deg - 270.0).abs() < 1e-9);
    }

    #[test]
    fn backtracking_starts_where_rows_would_shade() {
        // Hand computation: with gcr 0.4 the ideal angle at which shading begins is
        // arccos(0.4) = 66.42°; beyond it, θ = ω − arccos(cos ω / 0.4). At ω = 80°:
        // 80 − arccos(0.43412) = 80 − 64.27 = 15.73°.
        let t = SingleAxisTracker {
            max_angle_deg: 90.0,
            ..SingleAxisTracker::PVWATTS
        };
        let a = single_axis_angles(80.0, 270.0, &t).unwrap();
        let expected = 80.0 - ((80.0_f64).to_radians().cos() / 0.4).acos().to_degrees();
        assert!(
            (a.theta_deg - expected).abs() < 1e-9 && (expected - 15.73).abs() < 0.01,
            "{a:?}"
        );
        // Before the shading angle nothing changes.
        let b = single_axis_angles(60.0, 270.0, &t).unwrap();
        assert!((b.theta_deg - 60.0).abs() < 1e-9);
    }

    #[test]
    fn rotation_limit_and_night() {
        let t = SingleAxisTracker {
            backtrack: false,
            ..SingleAxisTracker::PVWATTS
        };
        let a = single_axis_angles(70.0, 90.0, &t).unwrap();
        assert!((a.theta_deg + 45.0).abs() < 1e-12);
        assert!(single_axis_angles(90.5, 90.0, &t).is_none());
        assert!(single_axis_angles(f64::NAN, 90.0, &t).is_none());
    }
}
