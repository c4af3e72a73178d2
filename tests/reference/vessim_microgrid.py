"""Vessim reference run: 14-day, 15-minute microgrid (solar + constant load + battery + grid).

Produced with vessim 0.16.0 (PyPI), Python 3.11, numpy 2.4.6, pandas 3.1.1.

Rerun (from the repository root, outside cargo):

    python3 -m venv /tmp/vessim-venv
    /tmp/vessim-venv/bin/pip install vessim==0.16.0
    /tmp/vessim-venv/bin/python tests/reference/vessim_microgrid.py

Outputs (next to this script):

* ``vessim_solar_15min.csv``    -- input trace, ``time,value`` in kW, no comments,
  meant to be fed to dctwin's CSV importer as is.
* ``vessim_microgrid_15min.csv`` -- ``#`` comment header (setup, version, totals) then
  ``time,solar_kw,load_kw,battery_soc_frac,grid_kw``, one row per 15-minute step.

Vessim 0.16 semantics this script relies on (read from the installed source):

* Units are W and Wh. Actor power is signed: generation > 0, consumption < 0
  (``Producer``/``Consumer`` take magnitudes and apply the sign).
* ``p_delta`` = sum of actor powers (surplus > 0). Dispatchables take a setpoint with
  "absorb > 0, supply < 0": battery > 0 charges, grid > 0 *exports*, grid < 0 *imports*.
  ``MicrogridState.p_grid`` is therefore positive = export. This script writes
  ``grid_kw = -p_grid / 1000`` so that positive = import.
* ``DefaultDispatchPolicy`` walks the dispatchables in list order and gives each one
  ``clip(remaining delta, feasible range)``. With ``[battery, grid]`` the battery takes
  all surplus it can (charging) and covers all deficit it can (discharging), the
  unlimited grid takes the rest. The balance must close exactly (no implicit curtailment).
* ``SimpleBattery``: no efficiency, no self-discharge. Power limit = ``c_rate * capacity``
  (W per Wh, i.e. c_rate 1 = full in one hour), additionally limited so that one
  step cannot go past 100 % or below ``min_soc``. Defaults: initial_soc 0, min_soc 0.
* Tick at elapsed t: integrate the setpoints held over the previous interval, sample
  the actors at t, dispatch for [t, t + step). A ``Trace`` is sampled at the tick time
  with forward fill, so the row stamped t applies to [t, t + 15 min).
  ``Recorder`` logs at tick t the state *after* dispatch: ``p_grid`` and battery
  ``current_power`` are the powers held during [t, t + 15 min); battery ``soc`` is the
  value at t, i.e. *before* that interval. This script shifts SoC so that
  ``battery_soc_frac`` in the output is the SoC at the END of the step (t + 15 min);
  the last row therefore equals the final SoC.
"""

from __future__ import annotations

import math
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

import vessim as vs

HERE = Path(__file__).resolve().parent
SOLAR_CSV = HERE / "vessim_solar_15min.csv"
OUT_CSV = HERE / "vessim_microgrid_15min.csv"

START = "2023-06-01T00:00:00Z"
STEP_S = 900
DAYS = 14
N_STEPS = DAYS * 24 * 3600 // STEP_S  # 1344
PEAK_KW = 250.0
SEED = 42
CLOUD_LO, CLOUD_HI = 0.3, 1.0
LOAD_KW = 100.0
CAPACITY_KWH = 500.0
C_RATE = 0.1
MIN_SOC = 0.0
INITIAL_SOC = 0.0


def fmt(x: float, decimals: int) -> str:
    """Plain decimal (never scientific), trailing zeros stripped, '-0' -> '0'."""
    s = f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def make_solar_trace() -> list[tuple[str, float]]:
    """Clear-sky half-sine 06:00-20:00 UTC, 250 kW peak, times a seeded cloud factor."""
    times = pd.date_range(START, periods=N_STEPS, freq=f"{STEP_S}s")
    hours = times.hour + times.minute / 60.0
    phase = (hours - 6.0) / 14.0  # 0 at 06:00, 1 at 20:00
    clear = np.where((phase > 0) & (phase < 1), PEAK_KW * np.sin(np.pi * phase), 0.0)
    clear = np.maximum(clear, 0.0)
    cloud = np.random.default_rng(SEED).uniform(CLOUD_LO, CLOUD_HI, N_STEPS)
    kw = np.round(clear * cloud, 3)  # < 250 kW with 3 decimals -> <= 6 significant digits
    return [(t.strftime("%Y-%m-%dT%H:%M:%SZ"), float(v)) for t, v in zip(times, kw)]


def write_solar_csv(rows: list[tuple[str, float]]) -> None:
    with SOLAR_CSV.open("w", newline="") as f:
        f.write("time,value\n")
        for t, v in rows:
            f.write(f"{t},{fmt(v, 3)}\n")


def run_vessim():
    # Feed Vessim the very file dctwin will import (kW -> W via scale).
    solar = vs.Trace.from_csv(SOLAR_CSV, anchor=START, column="value", scale=1000.0)
    battery = vs.SimpleBattery(
        "battery",
        capacity=CAPACITY_KWH * 1000.0,
        initial_soc=INITIAL_SOC,
        min_soc=MIN_SOC,
        c_rate=C_RATE,
    )
    env = vs.Environment(sim_start=START, step_size=STEP_S)
    env.add_microgrid(
        actors=[vs.Producer("solar", solar), vs.Consumer("load", LOAD_KW * 1000.0)],
        dispatchables=[battery, vs.GridConnection("grid")],  # battery first, grid takes the rest
        policy=vs.DefaultDispatchPolicy(),
        name="mg",
    )
    rec = env.add_controller(vs.Recorder())
    result = env.run(until=timedelta(days=DAYS))
    return rec, result


def main() -> None:
    vessim_version = version("vessim")
    solar_rows = make_solar_trace()
    write_solar_csv(solar_rows)

    rec, result = run_vessim()
    assert result.steps == N_STEPS, result.steps
    ticks = sorted(rec.log)
    assert len(ticks) == N_STEPS

    h = STEP_S / 3600.0
    soc_start = [rec.log[t]["mg"]["dispatch_states"]["battery"]["soc"] for t in ticks]
    soc_final = result.states["mg"]["dispatch_states"]["battery"]["soc"]
    soc_end = soc_start[1:] + [soc_final]

    rows = []
    max_bal = max_soc_err = 0.0
    e = dict(imp=0.0, exp=0.0, solar=0.0, load=0.0, chg=0.0, dis=0.0)
    for i, t in enumerate(ticks):
        st = rec.log[t]["mg"]
        solar_kw = st["actor_states"]["solar"]["power"] / 1000.0
        load_kw = -st["actor_states"]["load"]["power"] / 1000.0
        batt_kw = st["dispatch_states"]["battery"]["current_power"] / 1000.0  # + charging
        export_kw = st["p_grid"] / 1000.0  # Vessim: + export
        grid_kw = -export_kw  # ours: + import
        # Input check: the sampled solar is the CSV row at the tick time.
        assert abs(solar_kw - solar_rows[i][1]) < 1e-9, (t, solar_kw, solar_rows[i])
        # Balance: solar + discharge + import = load + charge + export.
        bal = solar_kw + grid_kw - load_kw - batt_kw
        max_bal = max(max_bal, abs(bal))
        # Storage: SoC change over the step equals battery energy (no losses).
        d_soc = (soc_end[i] - soc_start[i]) * CAPACITY_KWH
        max_soc_err = max(max_soc_err, abs(d_soc - batt_kw * h))
        e["imp"] += max(grid_kw, 0.0) * h
        e["exp"] += max(-grid_kw, 0.0) * h
        e["solar"] += solar_kw * h
        e["load"] += load_kw * h
        e["chg"] += max(batt_kw, 0.0) * h
        e["dis"] += max(-batt_kw, 0.0) * h
        rows.append((t, solar_kw, load_kw, soc_end[i], grid_kw))

    metrics = rec.metrics["microgrids"]["mg"]
    assert math.isclose(metrics["grid_import"] / 1000.0, e["imp"], rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(metrics["grid_export"] / 1000.0, e["exp"], rel_tol=1e-12, abs_tol=1e-9)
    # Whole-run balance: solar + import + discharge = load + export + charge.
    total_bal = e["solar"] + e["imp"] + e["dis"] - e["load"] - e["exp"] - e["chg"]
    soc_energy_err = (soc_final - INITIAL_SOC) * CAPACITY_KWH - (e["chg"] - e["dis"])
    assert max_bal < 1e-6 and max_soc_err < 1e-6 and abs(total_bal) < 1e-6

    header = [
        f"Vessim {vessim_version} reference (tests/reference/vessim_microgrid.py), native backend",
        f"start {START}, step {STEP_S} s, {N_STEPS} steps ({DAYS} days), until = start + {DAYS} d",
        f"solar: tests/reference/vessim_solar_15min.csv via vessim.Trace.from_csv (ffill), "
        f"half-sine 06-20 UTC peak {PEAK_KW:g} kW x uniform({CLOUD_LO},{CLOUD_HI}) cloud, "
        f"numpy default_rng({SEED})",
        f"load: vessim.Consumer constant {LOAD_KW:g} kW",
        f"battery: vessim.SimpleBattery capacity {CAPACITY_KWH:g} kWh, c_rate {C_RATE:g} "
        f"(max {C_RATE * CAPACITY_KWH:g} kW), min_soc {MIN_SOC:g}, initial_soc {INITIAL_SOC:g}, "
        "no losses",
        "grid: vessim.GridConnection unlimited; DefaultDispatchPolicy order [battery, grid] "
        "(battery charges all surplus / discharges all deficit within limits, grid takes the rest)",
        "time = step start; values hold over [time, time + 15 min)",
        "solar_kw, load_kw: powers sampled at time; grid_kw: + import / - export "
        "(= -vessim p_grid, which is + export)",
        "battery_soc_frac: SoC at the END of the step (time + 15 min); "
        "vessim's Recorder logs the SoC at the start",
        f"total grid import energy kWh: {e['imp']:.6f}",
        f"total grid export energy kWh: {e['exp']:.6f}",
        f"total solar energy kWh: {e['solar']:.6f}",
        f"total load energy kWh: {e['load']:.6f}",
        f"total battery charge energy kWh: {e['chg']:.6f}",
        f"total battery discharge energy kWh: {e['dis']:.6f}",
        f"final SoC frac: {soc_final:.9f} ({soc_final * CAPACITY_KWH:.6f} kWh)",
        f"balance check: max |solar + grid - load - battery| per step = {max_bal:.3g} kW; "
        f"max |dSoC*cap - battery*dt| = {max_soc_err:.3g} kWh; "
        f"run total residual = {total_bal:.3g} kWh",
    ]
    with OUT_CSV.open("w", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        f.write("time,solar_kw,load_kw,battery_soc_frac,grid_kw\n")
        for t, s, l, soc, g in rows:
            ts = pd.Timestamp(t).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write(f"{ts},{fmt(s, 6)},{fmt(l, 6)},{fmt(soc, 9)},{fmt(g, 6)}\n")

    for line in header:
        print(line)
    print(f"soc energy residual (final SoC vs charge - discharge): {soc_energy_err:.3g} kWh")
    print(f"wrote {SOLAR_CSV}\nwrote {OUT_CSV}")


if __name__ == "__main__":
    main()
