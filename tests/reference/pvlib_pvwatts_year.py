"""Reference year of a PVWatts-v5-style clear-sky PV chain, computed with pvlib.

What it computes
----------------
For Phoenix, AZ (lat 33.43, lon -112.00, 337 m) and every hourly instant of
2023 in UTC (2023-01-01T00:00Z ... 2023-12-31T23:00Z, 8760 instants, each value
taken AT the instant, not averaged over the hour), this script evaluates:

1. solar position: NREL SPA (``get_solarposition``, method 'nrel_numpy'),
   pressure = alt2pres(337 m), air temperature 20 C for refraction,
   default delta_t (67 s);
2. clear sky: Ineichen-Perez (``clearsky.ineichen``, no Perez enhancement)
   with Kasten-Young 1989 relative airmass of the apparent zenith, absolute
   airmass at alt2pres(337 m), Spencer extraterrestrial DNI
   (``get_extra_radiation``, solar constant 1366.1) and Linke turbidity from
   ``lookup_linke_turbidity`` (monthly table interpolated to the UTC day of
   year);
3. mounting, one of two systems:
   * TRACKER (the rows of the CSV): horizontal N-S single-axis tracker,
     axis azimuth 180, +/-45 deg limit, backtracking on, GCR 0.4, no
     cross-axis slope (``tracking.singleaxis``);
   * FIXED (header comment lines only): fixed tilt 20 deg facing 180;
4. plane of array: isotropic sky + ground reflection with albedo 0.25
   (``get_total_irradiance(model='isotropic')``); sun down -> 0;
5. cell temperature: SAPM (``temperature.sapm_cell``), constant air 20 C,
   wind 1 m/s;
6. DC: ``pvsystem.pvwatts_dc`` (no Marion low-light correction, k=None) for a
   1000 kW nameplate, then x(1 + bifacial gain) x(1 - losses) x(1 - degradation);
7. AC: ``inverter.pvwatts`` with the inverter DC input rating
   pdc0_inv = 1000 kW / (DC/AC ratio); pvlib itself clips AC to
   [0, eta_inv_nom * pdc0_inv], so AC is never negative (no night tare).

It writes ``pvlib_pvwatts_phoenix_tracker.csv`` next to this script: '#'
comment lines (system description, Linke turbidity values, annual and monthly
energy of both systems), a header line, and one row for every 7th instant of
the year (k % 7 == 0, k = 0..8759 counted from 2023-01-01T00:00Z) for the
tracker system. Angles of the tracker are written as NaN while the sun is
below the horizon (apparent zenith > 90 deg), as pvlib returns them.

Energies are sums over all 8760 instants, each taken as representative of one
hour (kW x 1 h), reported in MWh.

pvlib version used to produce the committed CSV: 0.16.1
(with numpy 2.4.6, pandas 3.1.1, h5py 3.16.0, Python 3.11.7).

Rerun (from the repository root):

    python3 -m venv /tmp/pvlib-venv && \
    /tmp/pvlib-venv/bin/pip install pvlib==0.16.1 pandas h5py && \
    /tmp/pvlib-venv/bin/python tests/reference/pvlib_pvwatts_year.py
"""

import argparse
import os
import sys

import numpy as np
import pandas as pd
import pvlib
from pvlib import atmosphere, clearsky, inverter, irradiance, pvsystem
from pvlib import solarposition, temperature, tracking

LAT = 33.43
LON = -112.00
ALT = 337.0
YEAR = 2023
ROW_STRIDE = 7

TRACKER = dict(
    name="tracker",
    mount="single-axis tracker, horizontal N-S axis (axis_tilt 0, axis_azimuth 180), "
          "max_angle 45, backtrack True, gcr 0.4, cross_axis_tilt 0",
    albedo=0.25,
    temp_model="open_rack_glass_polymer",
    pdc0_kw=1000.0,
    gamma_pdc=-0.0037,
    bifacial_gain=0.05,
    losses=0.10,
    degradation=0.0,
    dc_ac_ratio=1.3,
    eta_inv_nom=0.97,
    eta_inv_ref=0.9637,
)

FIXED = dict(
    name="fixed",
    mount="fixed tilt 20 deg, surface azimuth 180",
    surface_tilt=20.0,
    surface_azimuth=180.0,
    albedo=0.25,
    temp_model="close_mount_glass_glass",
    pdc0_kw=1000.0,
    gamma_pdc=-0.0047,
    bifacial_gain=0.0,
    losses=0.14,
    degradation=0.0,
    dc_ac_ratio=1.0,
    eta_inv_nom=0.96,
    eta_inv_ref=0.9637,
)


def site_weather(times):
    """Sun position and clear-sky irradiance at the site for each instant."""
    pressure = atmosphere.alt2pres(ALT)
    sp = solarposition.get_solarposition(
        times, LAT, LON, altitude=ALT, pressure=pressure, temperature=20)
    am_rel = atmosphere.get_relative_airmass(
        sp["apparent_zenith"], model="kastenyoung1989")
    am_abs = atmosphere.get_absolute_airmass(am_rel, pressure=pressure)
    linke = clearsky.lookup_linke_turbidity(times, LAT, LON)
    dni_extra = irradiance.get_extra_radiation(times)
    cs = clearsky.ineichen(sp["apparent_zenith"], am_abs, linke,
                           altitude=ALT, dni_extra=dni_extra)
    out = pd.DataFrame({
        "apparent_zenith": sp["apparent_zenith"],
        "zenith": sp["zenith"],
        "azimuth": sp["azimuth"],
        "linke": linke,
        "ghi": cs["ghi"],
        "dni": cs["dni"],
        "dhi": cs["dhi"],
    }, index=times)
    return out


def run_system(wx, sysdef):
    """Evaluate one system over the instants of ``wx``; returns a DataFrame."""
    if sysdef["name"] == "tracker":
        trk = tracking.singleaxis(
            wx["apparent_zenith"], wx["azimuth"], axis_tilt=0,
            axis_azimuth=180, max_angle=45, backtrack=True, gcr=0.4)
        theta = trk["tracker_theta"]
        tilt = trk["surface_tilt"]
        azim = trk["surface_azimuth"]
        aoi = trk["aoi"]
    else:
        n = len(wx)
        theta = pd.Series(np.nan, index=wx.index)
        tilt = pd.Series(sysdef["surface_tilt"], index=wx.index, dtype=float)
        azim = pd.Series(sysdef["surface_azimuth"], index=wx.index,
                         dtype=float)
        aoi = irradiance.aoi(tilt, azim, wx["apparent_zenith"], wx["azimuth"])
        assert len(aoi) == n

    poa = irradiance.get_total_irradiance(
        tilt, azim, wx["apparent_zenith"], wx["azimuth"],
        wx["dni"], wx["ghi"], wx["dhi"], albedo=sysdef["albedo"],
        model="isotropic")
    poa_global = poa["poa_global"].fillna(0.0)

    params = temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][
        sysdef["temp_model"]]
    t_cell = temperature.sapm_cell(poa_global, temp_air=20.0, wind_speed=1.0,
                                   **params)

    dc_module = pvsystem.pvwatts_dc(poa_global, t_cell,
                                    pdc0=sysdef["pdc0_kw"],
                                    gamma_pdc=sysdef["gamma_pdc"],
                                    temp_ref=25.0)
    dc = (dc_module * (1.0 + sysdef["bifacial_gain"])
          * (1.0 - sysdef["losses"]) * (1.0 - sysdef["degradation"]))

    pdc0_inv = sysdef["pdc0_kw"] / sysdef["dc_ac_ratio"]
    ac = inverter.pvwatts(dc, pdc0=pdc0_inv, eta_inv_nom=sysdef["eta_inv_nom"],
                          eta_inv_ref=sysdef["eta_inv_ref"])
    ac = np.maximum(ac, 0.0)  # pvlib already does this (GH 541); kept explicit

    return pd.DataFrame({
        "tracker_theta": theta, "surface_tilt": tilt,
        "surface_azimuth": azim, "aoi": aoi, "poa_global": poa_global,
        "cell_temp": t_cell, "dc": dc, "ac": ac,
    }, index=wx.index)


def linke_table_values(times_mid):
    """Raw monthly Linke values at the site (interp off), and the interpolated
    values the default lookup gives on the 15th of each month."""
    raw = clearsky.lookup_linke_turbidity(times_mid, LAT, LON,
                                          interp_turbidity=False)
    interp = clearsky.lookup_linke_turbidity(times_mid, LAT, LON)
    return raw.to_numpy(), interp.to_numpy()


def fmt(x):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "NaN"
    if x == 0:
        return "0"
    return f"{x:.6g}"


def system_comment(sysdef):
    return (f"{sysdef['mount']}; albedo {sysdef['albedo']}; isotropic sky; "
            f"SAPM cell temp '{sysdef['temp_model']}' at air 20 C, wind 1 m/s; "
            f"pvwatts_dc pdc0 {sysdef['pdc0_kw']:g} kW, gamma_pdc "
            f"{sysdef['gamma_pdc']:g}/K, temp_ref 25 C; x(1+{sysdef['bifacial_gain']:g}) "
            f"bifacial x(1-{sysdef['losses']:g}) losses x(1-{sysdef['degradation']:g}) "
            f"degradation; inverter.pvwatts pdc0 = {sysdef['pdc0_kw']:g}/"
            f"{sysdef['dc_ac_ratio']:g} = {sysdef['pdc0_kw'] / sysdef['dc_ac_ratio']:.6g} kW DC, "
            f"eta_inv_nom {sysdef['eta_inv_nom']:g}, eta_inv_ref "
            f"{sysdef['eta_inv_ref']:g} (AC cap {sysdef['eta_inv_nom'] * sysdef['pdc0_kw'] / sysdef['dc_ac_ratio']:.6g} kW)")


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(
        here, "pvlib_pvwatts_phoenix_tracker.csv"))
    args = ap.parse_args(argv)

    times = pd.date_range(f"{YEAR}-01-01 00:00", f"{YEAR}-12-31 23:00",
                          freq="1h", tz="UTC")
    assert len(times) == 8760

    wx = site_weather(times)
    trk = run_system(wx, TRACKER)
    fix = run_system(wx, FIXED)

    # Linke turbidity check against the project's catalog (Phoenix).
    catalog = np.array([2.20, 2.40, 2.80, 3.10, 3.35, 3.30, 3.40, 3.65,
                        3.20, 3.00, 2.90, 2.55])
    mid = pd.DatetimeIndex([pd.Timestamp(YEAR, m, 15, tz="UTC")
                            for m in range(1, 13)])
    lt_raw, lt_15th = linke_table_values(mid)
    lt_match = bool(np.allclose(lt_raw, catalog, atol=1e-9))

    # Energies: each instant stands for one hour -> kWh; /1000 -> MWh.
    def annual(s):
        return float(s.sum()) / 1000.0

    def monthly(s):
        return (s.groupby(s.index.month).sum() / 1000.0).to_numpy()

    trk_ac_y, trk_dc_y = annual(trk["ac"]), annual(trk["dc"])
    fix_ac_y, fix_dc_y = annual(fix["ac"]), annual(fix["dc"])
    trk_ac_m, fix_ac_m = monthly(trk["ac"]), monthly(fix["ac"])

    # What pvlib's inverter does at zero / tiny DC.
    pdc0_inv = TRACKER["pdc0_kw"] / TRACKER["dc_ac_ratio"]
    ac_at_0 = float(inverter.pvwatts(0.0, pdc0_inv, TRACKER["eta_inv_nom"],
                                     TRACKER["eta_inv_ref"]))
    ac_at_1 = float(inverter.pvwatts(1.0, pdc0_inv, TRACKER["eta_inv_nom"],
                                     TRACKER["eta_inv_ref"]))

    def mlist(v):
        return "[" + ", ".join(f"{x:.2f}" for x in v) + "]"

    lines = [
        "# pvlib reference year, PVWatts v5 style chain, clear sky "
        "(generated by tests/reference/pvlib_pvwatts_year.py)",
        f"# pvlib {pvlib.__version__}, numpy {np.__version__}, "
        f"pandas {pd.__version__}",
        f"# site: Phoenix, latitude {LAT}, longitude {LON}, altitude {ALT:g} m; "
        f"pressure alt2pres({ALT:g}) = {atmosphere.alt2pres(ALT):.6g} Pa",
        f"# instants: every hour on the hour of {YEAR} UTC, "
        f"{YEAR}-01-01T00:00Z .. {YEAR}-12-31T23:00Z (8760), values AT the "
        f"instant; rows below: every {ROW_STRIDE}th instant (k % {ROW_STRIDE} == 0)",
        "# sun: get_solarposition (NREL SPA, nrel_numpy, delta_t 67 s) with "
        "pressure as above and temperature 20 C; apparent_zenith and azimuth used",
        "# sky: clearsky.ineichen (no Perez enhancement), kastenyoung1989 "
        "relative airmass of apparent zenith, absolute airmass at site "
        "pressure, dni_extra = get_extra_radiation (spencer, 1366.1 W/m2, "
        "integer UTC day of year), linke = lookup_linke_turbidity "
        "(interp_turbidity=True: linear in integer UTC day of year between "
        "mid-month nodes)",
        "# linke raw monthly table at site, Jan..Dec (interp_turbidity=False): "
        + "[" + ", ".join(f"{x:.2f}" for x in lt_raw) + "]",
        "# linke interpolated on the 15th of each month (default lookup): "
        + "[" + ", ".join(f"{x:.4f}" for x in lt_15th) + "]",
        "# linke raw table vs project catalog for Phoenix "
        "[2.20, 2.40, 2.80, 3.10, 3.35, 3.30, 3.40, 3.65, 3.20, 3.00, 2.90, 2.55]: "
        + ("MATCH" if lt_match else "MISMATCH"),
        "# TRACKER system (the rows): " + system_comment(TRACKER),
        "# tracker angles NaN while apparent zenith > 90 deg (sun down); "
        "POA, DC and AC are 0 then",
        f"# AC kept >= 0 (pvlib inverter.pvwatts returns {ac_at_0:g} at "
        f"pdc=0 and {ac_at_1:g} at pdc=1 kW: negative efficiency below "
        "zeta 0.006 is clipped to 0 inside pvlib, no night tare)",
        "# dc_kw = DC power into the inverter after bifacial gain, losses and "
        "degradation; ac_kw = inverter AC output",
        f"# TRACKER annual AC energy [MWh]: {trk_ac_y:.2f}",
        f"# TRACKER annual DC energy [MWh]: {trk_dc_y:.2f}",
        f"# TRACKER monthly AC energy Jan..Dec [MWh]: {mlist(trk_ac_m)}",
        "# FIXED system (header only, no rows): " + system_comment(FIXED),
        f"# FIXED annual AC energy [MWh]: {fix_ac_y:.2f}",
        f"# FIXED annual DC energy [MWh]: {fix_dc_y:.2f}",
        f"# FIXED monthly AC energy Jan..Dec [MWh]: {mlist(fix_ac_m)}",
        "time_utc,apparent_zenith_deg,azimuth_deg,tracker_theta_deg,"
        "surface_tilt_deg,surface_azimuth_deg,ghi_w_m2,dni_w_m2,dhi_w_m2,"
        "poa_w_m2,cell_temp_c,dc_kw,ac_kw",
    ]
    for k in range(0, len(times), ROW_STRIDE):
        t = times[k]
        w = wx.iloc[k]
        s = trk.iloc[k]
        lines.append(",".join([
            t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            fmt(w["apparent_zenith"]), fmt(w["azimuth"]),
            fmt(s["tracker_theta"]), fmt(s["surface_tilt"]),
            fmt(s["surface_azimuth"]),
            fmt(w["ghi"]), fmt(w["dni"]), fmt(w["dhi"]),
            fmt(s["poa_global"]), fmt(s["cell_temp"]),
            fmt(s["dc"]), fmt(s["ac"]),
        ]))

    with open(args.out, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    print(f"pvlib {pvlib.__version__}")
    print("linke raw   :", np.round(lt_raw, 4).tolist())
    print("linke 15th  :", np.round(lt_15th, 4).tolist())
    print("catalog     :", catalog.tolist(), "->",
          "MATCH" if lt_match else "MISMATCH")
    print(f"inverter.pvwatts(0) = {ac_at_0}, (1 kW) = {ac_at_1}")
    print(f"TRACKER annual AC {trk_ac_y:.2f} MWh, DC {trk_dc_y:.2f} MWh")
    print("TRACKER monthly AC", mlist(trk_ac_m))
    print(f"FIXED annual AC {fix_ac_y:.2f} MWh, DC {fix_dc_y:.2f} MWh")
    print("FIXED monthly AC", mlist(fix_ac_m))
    print(f"wrote {args.out} ({len(lines)} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
