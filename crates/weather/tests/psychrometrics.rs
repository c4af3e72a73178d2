//! ASHRAE psychrometrics against a reference table computed with PsychroLib 2.5.0
//! (`tests/data/psychrolib_reference.csv`: −20…45 °C, 10–90 % RH, sea level and 1,500 m).

use dctwin_weather::{dew_point_c, humidity_ratio, moist_air_enthalpy_kj_per_kg, wet_bulb_c};

#[test]
fn matches_psychrolib_table_within_a_tenth_of_a_degree() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/data/psychrolib_reference.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut rows = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("temp_c")) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        let (t, rh, p, wb, dp, w, h) = (v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        assert!(
            (wet_bulb_c(t, rh, p) - wb).abs() < 0.1,
            "wet bulb {t} °C {rh} % {p} Pa: {} vs {wb}",
            wet_bulb_c(t, rh, p)
        );
        assert!(
            (dew_point_c(t, rh) - dp).abs() < 0.1,
            "dew point {t} °C {rh} %: {} vs {dp}",
            dew_point_c(t, rh)
        );
        let wr = humidity_ratio(t, rh, p);
        assert!(
            (wr - w).abs() <= 1e-3 * w.max(1e-4),
            "humidity ratio {t} {rh} {p}: {wr} vs {w}"
        );
        assert!(
            (moist_air_enthalpy_kj_per_kg(t, wr) - h).abs() < 0.05,
            "enthalpy {t} {rh} {p}"
        );
        rows += 1;
    }
    assert_eq!(rows, 140);
}
