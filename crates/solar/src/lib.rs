//! Solar photovoltaics: solar position, clear-sky irradiance, transposition, cell temperature, PVWatts.
