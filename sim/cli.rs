//! The `dctwin` command line: `run`, `validate`, `compare`, `explain`, `fit-power`, `catalog`,
//! `new`, `schema`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dctwin_scenario::ScenarioError;

use crate::catalog::Section;

use crate::outputs::{OutputOptions, write_run};
use crate::run::simulate;
use crate::summary::summarize;

/// dctwin — a datacenter digital twin for energy, water, heat and carbon.
#[derive(Debug, Parser)]
#[command(name = "dctwin", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write summary.json, timeseries.parquet, charts and manifest.json.
    Run {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Folder to write into; the run goes to OUT/<scenario name>/.
        #[arg(long, default_value = "outputs")]
        out: PathBuf,
        /// Seed of every random stream (overrides the file's `seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Override a field: --set halls.0.cooling=fixed-pue (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// Also write timeseries.csv.
        #[arg(long)]
        csv: bool,
        /// Replace OUT/<name>/ even when it holds a different run (other scenario or seed).
        #[arg(long)]
        force: bool,
        /// Refuse runs whose estimated memory exceeds this many GiB.
        #[arg(long, value_name = "GIB", default_value_t = crate::budget::DEFAULT_MAX_MEMORY_GIB)]
        max_memory: f64,
        /// No progress bar and no summary table.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check scenario files without running them.
    Validate {
        /// Scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Override a field before checking (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// Print each scenario as it would run: `extends` merged, overrides applied, every
        /// default the run uses filled in.
        #[arg(long)]
        resolved: bool,
        /// Also check that `dctwin run --out OUT` could write each result (a folder, not
        /// holding a different run).
        #[arg(long)]
        out: Option<PathBuf>,
        /// With --out: accept replacing a different run, as `run --force` does.
        #[arg(long, requires = "out")]
        force: bool,
        /// Refuse runs whose estimated memory exceeds this many GiB, as `run` does.
        #[arg(long, value_name = "GIB", default_value_t = crate::budget::DEFAULT_MAX_MEMORY_GIB)]
        max_memory: f64,
    },
    /// Run several scenarios and compare them: comparison.json, comparison.csv, charts, report.html.
    Compare {
        /// Two or more scenario files; differences are taken against the first.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<PathBuf>,
        /// Folder to write into; the comparison goes to OUT/<name>/.
        #[arg(long, default_value = "outputs")]
        out: PathBuf,
        /// Name of the comparison folder (default: compare-<first>-vs-<second>…).
        #[arg(long)]
        name: Option<String>,
        /// Seed of every random stream of every run.
        #[arg(long)]
        seed: Option<u64>,
        /// Override a field in every scenario (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        sets: Vec<String>,
        /// First day (UTC) of the week whose facility power is overlaid [default: 1 July, or
        /// the runs' first week].
        #[arg(long, value_name = "YYYY-MM-DD")]
        week: Option<String>,
        /// Replace OUT/<name>/ even when it holds a different comparison.
        #[arg(long)]
        force: bool,
        /// Refuse comparisons whose estimated memory exceeds this many GiB.
        #[arg(long, value_name = "GIB", default_value_t = crate::budget::DEFAULT_MAX_MEMORY_GIB)]
        max_memory: f64,
        /// No summary table.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Explain a run or a comparison in plain language: what drove the result, what changed and why.
    Explain {
        /// An output folder written by `dctwin run` or `dctwin compare`.
        output_dir: PathBuf,
    },
    /// Fit an accelerator power curve to measured (utilization, power) samples.
    ///
    /// The CSV needs a header with a utilization column (`utilization`, `utilization_frac`,
    /// `throughput_frac` in 0–1, or `utilization_pct` in 0–100) and `power_w`; other columns
    /// are ignored, `#` lines are comments. Prints the fitted parameters as a catalog snippet
    /// and the fit's error per utilization level.
    FitPower {
        /// Samples CSV.
        samples: PathBuf,
    },
    /// List the built-in catalog.
    Catalog {
        /// Which part (all of them when omitted).
        section: Option<Section>,
        /// Print JSON (every field of every entry, sources included) instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Write a commented starter scenario that validates, NAME.toml.
    New {
        /// The scenario's name; the file is DIR/NAME.toml.
        name: String,
        /// Catalog location (`dctwin catalog locations`) [default: virginia].
        #[arg(long)]
        location: Option<String>,
        /// Catalog accelerator (`dctwin catalog accelerators`) [default: h100-sxm].
        #[arg(long)]
        accelerator: Option<String>,
        /// Cooling type (`dctwin catalog cooling`) [default: air-chiller].
        #[arg(long)]
        cooling: Option<String>,
        /// Racks in the hall [default: 10].
        #[arg(long)]
        racks: Option<u32>,
        /// Folder to write into.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// Replace DIR/NAME.toml when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of scenario files (for editors and validators), or the field
    /// reference.
    Schema {
        /// The Markdown field reference instead of the JSON Schema.
        #[arg(long)]
        reference: bool,
        /// Write to FILE (replaced whole) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Runs the parsed command; the exit code is the README's: 0 ok, 2 invalid input, 1 other.
pub fn execute(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Run {
            scenario,
            out,
            seed,
            sets,
            csv,
            force,
            max_memory,
            quiet,
        } => run(scenario, &out, seed, sets, csv, force, max_memory, quiet),
        Command::Validate {
            scenarios,
            sets,
            resolved,
            out,
            force,
            max_memory,
        } => validate(&scenarios, &sets, resolved, out.as_deref(), force, max_memory),
        Command::FitPower { samples } => fit_power(&samples),
        Command::Compare {
            scenarios,
            out,
            name,
            seed,
            sets,
            week,
            force,
            max_memory,
            quiet,
        } => compare(
            &scenarios,
            &out,
            name,
            seed,
            &sets,
            week.as_deref(),
            force,
            max_memory,
            quiet,
        ),
        Command::Explain { output_dir } => explain(&output_dir),
        Command::Catalog { section, json } => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&crate::catalog::catalog_json(section)).unwrap_or_default()
                );
            } else {
                crate::catalog::print_catalog(section);
            }
            Ok(())
        }
        Command::New {
            name,
            location,
            accelerator,
            cooling,
            racks,
            dir,
            force,
        } => new_scenario(
            dctwin_scenario::starter::Starter {
                name,
                location,
                accelerator,
                cooling,
                racks,
            },
            &dir,
            force,
        ),
        Command::Schema { reference, out } => schema(reference, out.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(report_error(&e)),
    }
}

#[expect(clippy::too_many_arguments, reason = "one per command-line option")]
fn run(
    scenario: PathBuf,
    out: &Path,
    seed: Option<u64>,
    sets: Vec<String>,
    csv: bool,
    force: bool,
    max_memory_gib: f64,
    quiet: bool,
) -> anyhow::Result<()> {
    let loaded = dctwin_scenario::load(&scenario, &sets, seed)?;
    let config = &loaded.config;
    crate::budget::check_memory(std::slice::from_ref(config), max_memory_gib)?;
    // Lock and check the destination before simulating: a refusal costs nothing, and a second
    // run into the same folder is turned away at once.
    let staged = crate::destination::begin(out, &config.name, &crate::destination::run_identity(&loaded), force)?;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(config.steps as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} steps ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(config.name.clone());
        bar
    });
    let result = simulate(config, |done, _| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let summary = summarize(config, &result);
    let opts = OutputOptions {
        csv,
        sets,
        scenario_path: scenario,
    };
    write_run(staged.dir(), &loaded, &result, &summary, &opts)?;
    let dir = staged.commit()?;
    if !quiet {
        print_summary(&summary);
    }
    eprintln!("wrote {}", dir.display());
    Ok(())
}

/// `dctwin new`: the starter is checked as `validate` would check it before it is written, so
/// a misspelt location or cooling type is refused with the usual hint and nothing is written.
fn new_scenario(starter: dctwin_scenario::starter::Starter, dir: &Path, force: bool) -> anyhow::Result<()> {
    dctwin_output::check_folder_name(&starter.name).map_err(|e| {
        InputError(format!(
            "error: `{}`: {e}\n  hint: a name of letters, digits, `-` and `_`, e.g. `dctwin new lulea-immersion`",
            starter.name
        ))
    })?;
    let path = dir.join(format!("{}.toml", starter.name));
    if path.exists() && !force {
        return Err(InputError(format!(
            "error: {} exists\n  hint: choose another name, or add --force to replace it",
            path.display()
        ))
        .into());
    }
    let text = starter.render();
    dctwin_scenario::load_str(&text, &path, &[], None)?;
    dctwin_output::write_atomic(&path, text.as_bytes())?;
    eprintln!(
        "wrote {} (check it with `dctwin validate {}`)",
        path.display(),
        path.display()
    );
    Ok(())
}

/// `dctwin schema`: the JSON Schema, or the field reference with `--reference`.
fn schema(reference: bool, out: Option<&Path>) -> anyhow::Result<()> {
    let text = if reference {
        dctwin_scenario::reference::reference_markdown()
    } else {
        let mut s = serde_json::to_string_pretty(&dctwin_scenario::reference::json_schema())?;
        s.push('\n');
        s
    };
    match out {
        Some(path) => dctwin_output::write_atomic(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(())
}

/// An input problem outside a scenario file (a samples file, an option, the output folder):
/// reported like scenario errors, exit code 2. The text holds the `error:` line and its hint.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

#[expect(clippy::too_many_arguments, reason = "one per command-line option")]
fn compare(
    paths: &[PathBuf],
    out: &Path,
    name: Option<String>,
    seed: Option<u64>,
    sets: &[String],
    week: Option<&str>,
    force: bool,
    max_memory_gib: f64,
    quiet: bool,
) -> anyhow::Result<()> {
    let week = week
        .map(|w| {
            dctwin_core::parse_utc(w).map_err(|why| {
                InputError(format!(
                    "error: `--week {w}`: {why}\n  hint: give the week's first day, e.g. --week 2025-01-13"
                ))
            })
        })
        .transpose()?;
    let mut loaded = Vec::new();
    for p in paths {
        loaded.push(dctwin_scenario::load(p, sets, seed)?);
    }
    let mut seen = std::collections::BTreeSet::new();
    for (l, p) in loaded.iter().zip(paths) {
        if !seen.insert(l.config.name.clone()) {
            return Err(InputError(format!(
                "error: {}: another scenario in this comparison is also named `{}`\n  hint: give each a different `name` (their outputs go to runs/<name>/)",
                p.display(),
                l.config.name
            ))
            .into());
        }
    }
    let folder = name.unwrap_or_else(|| {
        let joined: Vec<&str> = loaded.iter().map(|l| l.config.name.as_str()).collect();
        let n = format!("compare-{}", joined.join("-vs-"));
        n.chars().take(120).collect()
    });
    if let Some(w) = week {
        let covered = |l: &dctwin_scenario::Loaded| {
            let end = l.config.start.0 + (l.config.steps as u64 * l.config.step_s) as i64;
            w.0 >= l.config.start.0 && w.0 + 7 * 86_400 <= end
        };
        if let Some(l) = loaded.iter().find(|l| !covered(l)) {
            return Err(InputError(format!(
                "error: `--week {w}`: the week is not inside `{}`'s run ({} for {} steps)\n  hint: pick a week that every scenario covers",
                l.config.name, l.config.start, l.config.steps
            ))
            .into());
        }
    }
    if !quiet {
        eprintln!(
            "running {} scenarios on up to {} cores",
            loaded.len(),
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        );
    }
    let configs: Vec<dctwin_scenario::RunConfig> = loaded.iter().map(|l| l.config.clone()).collect();
    crate::budget::check_memory(&configs, max_memory_gib)?;
    let identity = crate::destination::comparison_identity(&loaded, week.map(|w| w.to_string()).as_deref());
    let staged = crate::destination::begin(out, &folder, &identity, force)?;
    let outputs = crate::compare::run_all(&loaded);
    crate::compare::write_comparison(staged.dir(), &loaded, &outputs, sets, paths, week)?;
    let dir = staged.commit()?;
    if !quiet {
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("comparison.json"))?)?;
        print!(
            "{}",
            crate::explain::explain_comparison(&crate::compare::summaries_of(&json)?)
        );
    }
    eprintln!("wrote {}", dir.display());
    Ok(())
}

fn explain(dir: &Path) -> anyhow::Result<()> {
    let read = |f: &str| -> Option<serde_json::Value> {
        std::fs::read_to_string(dir.join(f))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
    };
    let unreadable = |file: &str, e: &dyn std::fmt::Display| {
        InputError(format!(
            "error: {}: {file} is not one dctwin {} wrote: {e}\n  hint: rerun the scenario with this version of dctwin",
            dir.display(),
            env!("CARGO_PKG_VERSION")
        ))
    };
    if let Some(json) = read("comparison.json") {
        let summaries = crate::compare::summaries_of(&json).map_err(|e| unreadable("comparison.json", &e))?;
        print!("{}", crate::explain::explain_comparison(&summaries));
        return Ok(());
    }
    if let Some(serde_json::Value::Object(s)) = read("summary.json") {
        let summary = crate::summary::Summary::from_json(s).map_err(|e| unreadable("summary.json", &e))?;
        print!("{}", crate::explain::explain_run(&summary));
        return Ok(());
    }
    Err(InputError(format!(
        "error: {}: no summary.json or comparison.json here\n  hint: give a folder written by `dctwin run` (outputs/<name>) or `dctwin compare`",
        dir.display()
    ))
    .into())
}

fn fit_power(path: &Path) -> anyhow::Result<()> {
    let text = dctwin_core::read_text(path).map_err(|e| {
        InputError(format!(
            "error: {}: cannot read the samples file: {e}\n  hint: give a CSV with `utilization` and `power_w` columns",
            path.display()
        ))
    })?;
    let samples = dctwin_it::read_power_samples(&text).map_err(|e| {
        InputError(format!(
            "error: {}:{}:{}: {}\n  hint: the header needs `utilization` (0-1) or `utilization_pct` (0-100) and `power_w`; crates/it/tests/data/h200_samples.csv shows the shape",
            path.display(),
            e.line,
            e.column,
            e.message
        ))
    })?;
    let fit = dctwin_it::fit_saturating_curve(&samples).map_err(|e| {
        InputError(format!(
            "error: {}: {e}\n  hint: include idle, part-load and full-load samples",
            path.display()
        ))
    })?;
    println!(
        "# fitted to {} samples from {} (RMSE {:.1} W)",
        fit.samples,
        path.display(),
        fit.rmse_w
    );
    println!("active_idle_w = {:.1}", fit.idle_w);
    println!("full_load_w = {:.1}", fit.full_load_w);
    println!(
        "curve = {{ u_sat = {:.4}, sharpness = {:.2} }}",
        fit.curve.u_sat, fit.curve.sharpness
    );
    println!();
    println!(
        "{:>12} {:>8} {:>12} {:>10} {:>8}",
        "utilization", "samples", "measured W", "fitted W", "error"
    );
    let mut levels: std::collections::BTreeMap<i64, (f64, f64)> = std::collections::BTreeMap::new();
    for &(u, p) in &samples {
        let e = levels.entry((u * 1e3).round() as i64).or_default();
        e.0 += p;
        e.1 += 1.0;
    }
    for (k, (sum, n)) in levels {
        let u = k as f64 / 1e3;
        let measured = sum / n;
        let fitted = fit.idle_w + fit.curve.load_frac(u) * (fit.full_load_w - fit.idle_w);
        println!(
            "{u:>12.3} {n:>8.0} {measured:>12.1} {fitted:>10.1} {:>7.1}%",
            100.0 * (fitted - measured) / measured
        );
    }
    Ok(())
}

fn print_summary(s: &crate::summary::Summary) {
    println!(
        "{} — {} (grid {}), {:.0} h at {} s steps",
        s.scenario, s.site, s.grid_zone, s.duration_h, s.step_s
    );
    let mut rows: Vec<(&str, String)> = vec![
        ("IT energy", format!("{:>12.1} MWh", s.it_energy_mwh)),
        ("Cooling energy", format!("{:>12.1} MWh", s.cooling_energy_mwh)),
        ("Conversion losses", format!("{:>12.1} MWh", s.power_loss_energy_mwh)),
        ("Facility energy", format!("{:>12.1} MWh", s.facility_energy_mwh)),
        ("PUE", format!("{:>12.3}", s.pue)),
        ("Peak facility power", format!("{:>12.2} MW", s.peak_facility_mw)),
        (
            "Mean utilization",
            format!("{:>12.1} %", 100.0 * s.mean_utilization_frac),
        ),
        ("Water", format!("{:>12.1} m3", s.water_m3)),
        ("Operational emissions", format!("{:>12.1} tCO2e", s.operational_tco2e)),
        ("Embodied emissions", format!("{:>12.1} tCO2e", s.embodied_tco2e)),
        ("Total emissions", format!("{:>12.1} tCO2e", s.total_tco2e)),
        ("Energy cost", format!("{:>12.0} USD", s.energy_cost_usd)),
    ];
    if s.heat_pump_energy_mwh > 0.0 && s.heat_pump_in_facility {
        rows.insert(3, ("Heat pumps", format!("{:>12.1} MWh", s.heat_pump_energy_mwh)));
    }
    for (label, value) in rows {
        println!("  {label:<24}{value}");
    }
}

fn validate(
    paths: &[PathBuf],
    sets: &[String],
    resolved: bool,
    out: Option<&Path>,
    force: bool,
    max_memory_gib: f64,
) -> anyhow::Result<()> {
    let mut failed: Option<anyhow::Error> = None;
    let mut fail = |e: anyhow::Error| {
        if failed.is_some() {
            report_error(&e);
        } else {
            failed = Some(e);
        }
    };
    for path in &expand_folders(paths) {
        match dctwin_scenario::load(path, sets, None) {
            Ok(l) => {
                // What `run` would refuse before simulating, refused here too.
                let destination = match out {
                    Some(out) => crate::destination::check_destination(
                        out,
                        &l.config.name,
                        &crate::destination::run_identity(&l),
                        force,
                    )
                    .map(|_| ()),
                    None => dctwin_output::check_folder_name(&l.config.name)
                        .map_err(|e| InputError(format!("error: {e}")).into()),
                };
                if let Err(e) =
                    crate::budget::check_memory(std::slice::from_ref(&l.config), max_memory_gib).and(destination)
                {
                    // Name the file, as scenario errors do, when several are checked at once.
                    fail(match e.downcast::<InputError>() {
                        Ok(InputError(m)) if !m.contains(&path.display().to_string()) => {
                            InputError(m.replacen("error: ", &format!("error: {}: ", path.display()), 1)).into()
                        }
                        Ok(input) => input.into(),
                        Err(other) => other,
                    });
                    continue;
                }
                if resolved {
                    println!("# {} resolved", path.display());
                    println!("{}", toml::to_string_pretty(&l.resolved()).unwrap_or_default());
                    continue;
                }
                let c = &l.config;
                let racks: u64 = c.halls.iter().map(|h| u64::from(h.racks)).sum();
                println!(
                    "ok: {} ({}: {} halls, {racks} racks, {} steps of {} s)",
                    path.display(),
                    c.name,
                    c.halls.len(),
                    c.steps,
                    c.step_s
                );
            }
            Err(e) => fail(e.into()),
        }
    }
    failed.map_or(Ok(()), Err)
}

/// Scenario files named on the command line, each folder replaced by the `.toml` files in it
/// (and its subfolders), sorted.
fn expand_folders(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, found);
            } else if p.extension().is_some_and(|e| e == "toml") {
                found.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Prints an error as `execute` does and returns its exit code: 2 for input, 1 otherwise.
fn report_error(e: &anyhow::Error) -> u8 {
    if let Some(s) = e.downcast_ref::<ScenarioError>() {
        eprintln!("{s}");
        2
    } else if let Some(s) = e.downcast_ref::<InputError>() {
        eprintln!("{s}");
        2
    } else {
        eprintln!("error: {e:#}");
        1
    }
}
