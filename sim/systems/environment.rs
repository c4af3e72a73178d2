//! Outdoor weather and grid signals for the current step.

use bevy_ecs::prelude::{Res, ResMut};

use crate::resources::{GridSeries, GridSignal, SimClock, Weather, WeatherSeries};

/// Sets this step's outdoor conditions from the pre-generated series.
pub fn read_weather(clock: Res<SimClock>, series: Res<WeatherSeries>, mut weather: ResMut<Weather>) {
    weather.0 = series.0[clock.tick as usize];
}

/// Sets this step's grid carbon intensity and price.
pub fn read_grid_signal(clock: Res<SimClock>, series: Res<GridSeries>, mut signal: ResMut<GridSignal>) {
    let k = clock.tick as usize;
    signal.ci_g_per_kwh = series.ci_g_per_kwh[k];
    signal.price_usd_per_mwh = series.price_usd_per_mwh[k];
    signal.cfe_pct = series.cfe_pct[k];
    signal.marginal_ci_g_per_kwh = series.marginal_ci_g_per_kwh.as_ref().map_or(f64::NAN, |m| m[k]);
}
