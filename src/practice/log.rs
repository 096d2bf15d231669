//! The practice log: one line per finished session in `practice-log.ron` in the user's data
//! folder, and the statistics the Progress window shows.
//!
//! Each line is one RON record, e.g.
//! `Session(date:1767225600,case:Some("visual-search"),framework:"ml-system-design",…)`.
//! Ratings given after Finish are appended as a `Ratings(date:…,case:…,ratings:[…])` line that
//! loading folds into the session with that date and case; lines written before ratings existed
//! load with none. Records are only ever appended (a finished session is one `write` of one whole line), so a
//! crash can at worst leave a truncated last line. Loading skips and counts lines that do not
//! parse, so one damaged line never costs the rest of the history.

use crate::board::Board;
use crate::board::record::{Rating, Signal};
use crate::file::paths::Paths;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// The log's file name in the data folder.
pub const FILE_NAME: &str = "practice-log.ron";

/// Logs larger than this are refused (the same limit as board files).
pub const MAX_LOG_BYTES: u64 = crate::file::format::MAX_FILE_BYTES;

/// One finished practice session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Session", default)]
pub struct PracticeRecord {
    /// When the session was finished, in seconds since the Unix epoch.
    pub date: u64,
    /// The template (case) the board was started from, if any.
    pub case: Option<String>,
    /// The framework the board follows.
    pub framework: String,
    /// Milliseconds used in all steps.
    pub total_ms: u64,
    /// Time per framework step, in framework order.
    pub steps: Vec<StepTime>,
    /// Checklist items ticked, over all steps.
    pub checklist_done: usize,
    /// Checklist items in all.
    pub checklist_total: usize,
    /// Coverage of the template's reference, 0–100; `None` without a reference.
    pub coverage_percent: Option<f32>,
    /// The version of the review rules that computed `coverage_percent`; 0 for records written
    /// before the rules were versioned, whose coverage counted keyword labels.
    pub review_rules: u32,
    /// The user's self-rating of the five signals (empty when not rated).
    pub ratings: Vec<Rating>,
}

/// A line that adds the user's ratings to a session recorded earlier (rated after Finish), e.g.
/// `Ratings(date:1767225600,case:Some("visual-search"),ratings:[…])`. [`parse`] folds it into
/// the record with the same date and case; builds without ratings skip the line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Ratings", default)]
pub struct RatingsLine {
    /// The `date` of the session rated.
    pub date: u64,
    /// The `case` of the session rated.
    pub case: Option<String>,
    /// The ratings, replacing the session's.
    pub ratings: Vec<Rating>,
}

/// The time spent in one step of a practice session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepTime {
    /// The framework step's id.
    pub id: String,
    /// The budget in minutes.
    pub budget_min: u32,
    /// Milliseconds used.
    pub used_ms: u64,
}

impl PracticeRecord {
    /// Milliseconds over (positive) or under (negative) the budget in step `id`.
    pub fn over_under_ms(&self, id: &str) -> Option<i64> {
        self.steps.iter().find(|s| s.id == id).map(StepTime::over_under_ms)
    }
}

impl StepTime {
    /// Milliseconds over (positive) or under (negative) the budget.
    pub fn over_under_ms(&self) -> i64 {
        let used = i64::try_from(self.used_ms).unwrap_or(i64::MAX);
        used.saturating_sub(i64::from(self.budget_min) * 60_000)
    }
}

/// The practice log read from disk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadedLog {
    /// The records, oldest first (in file order).
    pub records: Vec<PracticeRecord>,
    /// Lines that could not be read as a record (damaged or truncated) and were skipped.
    pub skipped_lines: usize,
    /// Why the file could not be read at all (too large, unreadable), naming it; the records are
    /// then empty. A missing file is not a problem: it is an empty log.
    pub problem: Option<String>,
}

/// A session shorter than this (in milliseconds) is kept in the log but not counted as practice:
/// the clock was started and finished almost at once.
pub const MIN_PRACTICE_MS: u64 = 60_000;

/// Whether a finished session counts as practice (it ran for a minute or more).
pub fn is_practice(record: &PracticeRecord) -> bool {
    record.total_ms >= MIN_PRACTICE_MS
}

/// Where the practice log lives.
pub fn log_path(paths: &Paths) -> PathBuf {
    paths.data_dir.join(FILE_NAME)
}

/// The record of a finished board: its case, framework, pacing summary, checklist completion,
/// coverage of the template's reference (computed now) and the ratings given so far.
pub fn record_of(board: &Board, now_secs: u64) -> PracticeRecord {
    let summary = crate::practice::steps::summary(board);
    PracticeRecord {
        date: now_secs,
        case: board.template.clone(),
        framework: board.framework.clone(),
        total_ms: summary.used_ms(),
        steps: summary
            .rows
            .iter()
            .map(|r| StepTime { id: r.id.clone(), budget_min: r.budget_min, used_ms: r.used_ms })
            .collect(),
        checklist_done: summary.rows.iter().map(|r| r.done).sum(),
        checklist_total: summary.rows.iter().map(|r| r.total).sum(),
        coverage_percent: crate::practice::review::review_of(board).map(|r| r.coverage_percent),
        review_rules: crate::practice::review::RULES_VERSION,
        ratings: board.session.ratings.clone(),
    }
}

/// One record as one line of RON (without the line break).
pub fn to_line(record: &PracticeRecord) -> Result<String, String> {
    let config = ron::ser::PrettyConfig::new().struct_names(true).depth_limit(0);
    let line = ron::ser::to_string_pretty(record, config).map_err(|e| e.to_string())?;
    // Strings are escaped, so a record never spans lines; make sure anyway.
    Ok(line.replace(['\n', '\r'], " "))
}

/// Reads one line as a record.
pub fn from_line(line: &str) -> Result<PracticeRecord, String> {
    ron::Options::default().with_recursion_limit(16).from_str(line).map_err(|e| e.to_string())
}

/// Appends one record as a line at the end of the log, creating the file and its folder. When
/// the file ends in a partial line (a crash in an earlier write), the record starts on a new line
/// so it is not lost with it.
pub fn append(path: &Path, record: &PracticeRecord) -> Result<(), String> {
    let line = to_line(record).map_err(|e| format!("{}: cannot write the record: {e}", path.display()))?;
    append_line(path, line)
}

/// Appends the user's ratings of a session already in the log (the record with this `date` and
/// `case`), for ratings given after Finish. Loading folds them into that record.
pub fn append_ratings(path: &Path, date: u64, case: Option<&str>, ratings: &[Rating]) -> Result<(), String> {
    let r = RatingsLine { date, case: case.map(str::to_owned), ratings: ratings.to_vec() };
    let config = ron::ser::PrettyConfig::new().struct_names(true).depth_limit(0);
    let line = ron::ser::to_string_pretty(&r, config)
        .map_err(|e| format!("{}: cannot write the ratings: {e}", path.display()))?;
    append_line(path, line.replace(['\n', '\r'], " "))
}

/// Appends one line (given without its line break); see [`append`].
fn append_line(path: &Path, mut line: String) -> Result<(), String> {
    let name = path.display();
    line.push('\n');
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!("{}: {}", dir.display(), crate::file::read::io_problem(&e, "cannot be created"))
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true).read(true);
    #[cfg(unix)]
    {
        // Never wait on a FIFO put in the log's place; it is refused just below.
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("{name}: {}", crate::file::read::io_problem(&e, "cannot be opened")))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("{name}: {}", crate::file::read::io_problem(&e, "cannot be read")))?;
    if let Some(kind) = crate::file::read::not_regular(&meta) {
        return Err(format!("{name}: {kind}, not a regular file; the practice log was not written"));
    }
    let len = meta.len();
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(std::io::SeekFrom::End(-1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(|e| format!("{name}: {}", crate::file::read::io_problem(&e, "cannot be read")))?;
        if last[0] != b'\n' {
            line.insert(0, '\n');
        }
    }
    // One write of the whole line, so that the line is either there or (at worst) truncated.
    file.write_all(line.as_bytes())
        .and_then(|()| file.flush())
        .and_then(|()| file.sync_data())
        .map_err(|e| format!("{name}: {}", crate::file::read::io_problem(&e, "cannot be written")))
}

/// Reads the log. A missing file is an empty log; damaged or truncated lines are skipped and
/// counted; a file over [`MAX_LOG_BYTES`] or one that cannot be read gives an empty log with the
/// problem. Never fails, never changes the file.
pub fn load(path: &Path) -> LoadedLog {
    let name = path.display();
    let refuse = |problem: String| LoadedLog { problem: Some(problem), ..LoadedLog::default() };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return LoadedLog::default(),
        Err(e) => return refuse(format!("{name}: {}", crate::file::read::io_problem(&e, "cannot be read"))),
        Ok(_) => {}
    }
    // The safe way: a regular file, never a FIFO or a device, and never more than the limit read.
    match crate::file::read::read_limited(path, MAX_LOG_BYTES, "the practice log") {
        Ok(bytes) => parse(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)),
        Err(e) => refuse(e.to_string()),
    }
}

/// Reads a log's bytes, line by line; see [`load`].
pub fn parse(bytes: &[u8]) -> LoadedLog {
    let mut out = LoadedLog::default();
    for line in bytes.split(|&b| b == b'\n') {
        let Ok(line) = std::str::from_utf8(line) else {
            out.skipped_lines += 1;
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match from_line(line) {
            Ok(r) => out.records.push(r),
            Err(_) => match ron::Options::default().with_recursion_limit(16).from_str::<RatingsLine>(line) {
                Ok(r) => {
                    // The latest session with this date and case takes the ratings.
                    if let Some(rec) =
                        out.records.iter_mut().rev().find(|rec| rec.date == r.date && rec.case == r.case)
                    {
                        rec.ratings = r.ratings;
                    }
                }
                Err(_) => out.skipped_lines += 1,
            },
        }
    }
    out
}

/// One point of a signal's progress: a rated session.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingPoint {
    /// When the session was finished, in seconds since the Unix epoch.
    pub date: u64,
    /// The case practised.
    pub case: Option<String>,
    /// The rating, 1 to 4.
    pub level: u8,
}

/// The ratings of each signal over time, for the Progress chart: one series per signal in
/// [`Signal::ALL`] order, each the rated sessions in log order (oldest first).
pub fn signal_progress(records: &[PracticeRecord]) -> Vec<(Signal, Vec<RatingPoint>)> {
    Signal::ALL
        .iter()
        .map(|&signal| {
            let points = records
                .iter()
                .filter_map(|r| {
                    let level = r.ratings.iter().rev().find(|x| x.signal == signal)?.level;
                    Some(RatingPoint { date: r.date, case: r.case.clone(), level })
                })
                .collect();
            (signal, points)
        })
        .collect()
}

/// The average rating of each signal over the last `n` rated sessions of it (`None` when never
/// rated), in [`Signal::ALL`] order.
pub fn recent_average_ratings(records: &[PracticeRecord], n: usize) -> Vec<(Signal, Option<f32>)> {
    signal_progress(records)
        .into_iter()
        .map(|(s, points)| {
            let recent: Vec<u8> = points.iter().rev().take(n.max(1)).map(|p| p.level).collect();
            let avg = (!recent.is_empty())
                .then(|| recent.iter().map(|&l| f32::from(l)).sum::<f32>() / recent.len() as f32);
            (s, avg)
        })
        .collect()
}

/// The best coverage reached in each case, by case id.
pub fn best_coverage_per_case(records: &[PracticeRecord]) -> BTreeMap<String, f32> {
    let mut best: BTreeMap<String, f32> = BTreeMap::new();
    for r in records {
        if let (Some(case), Some(c)) = (&r.case, r.coverage_percent) {
            let e = best.entry(case.clone()).or_insert(c);
            *e = e.max(c);
        }
    }
    best
}

/// The average time over (positive) or under (negative) budget of each step, in milliseconds,
/// over the sessions that spent time in it (a step skipped with no time used is left out, so
/// unfinished sessions do not look like great pacing). Steps in order of first appearance.
pub fn average_over_under_per_step(records: &[PracticeRecord]) -> Vec<(String, i64)> {
    let mut order: Vec<String> = Vec::new();
    let mut sums: HashMap<String, (i128, i128)> = HashMap::new();
    for s in records.iter().flat_map(|r| &r.steps).filter(|s| s.used_ms > 0) {
        let e = sums.entry(s.id.clone()).or_insert_with(|| {
            order.push(s.id.clone());
            (0, 0)
        });
        e.0 += i128::from(s.over_under_ms());
        e.1 += 1;
    }
    order
        .into_iter()
        .map(|id| {
            let (sum, n) = sums[&id];
            let avg = i64::try_from(sum / n.max(1)).unwrap_or(0);
            (id, avg)
        })
        .collect()
}

/// The cases of `all_case_ids` that no record practised, in the given order.
pub fn never_practised<S: AsRef<str>>(records: &[PracticeRecord], all_case_ids: &[S]) -> Vec<String> {
    all_case_ids
        .iter()
        .map(AsRef::as_ref)
        .filter(|id| !records.iter().any(|r| r.case.as_deref() == Some(*id)))
        .map(str::to_owned)
        .collect()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// Seconds since the epoch as an ISO 8601 UTC date and time (`2026-01-31T09:05:00Z`).
pub fn iso_date(secs: u64) -> String {
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // Howard Hinnant's civil_from_days, for days since 1970-01-01 (never negative here).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

/// A signal's name in a CSV column.
fn signal_column(s: Signal) -> &'static str {
    match s {
        Signal::ProblemNavigation => "problem_navigation",
        Signal::TrainingData => "training_data",
        Signal::FeatureEngineering => "feature_engineering",
        Signal::Modelling => "modelling",
        Signal::EvaluationDeployment => "evaluation_deployment",
    }
}

/// The log as CSV (RFC 4180, CRLF line ends): a header line, then one row per record. Columns:
/// `date` (ISO 8601, UTC), `case`, `framework`, `total_ms`, `checklist_done`, `checklist_total`,
/// `coverage_percent` (one decimal; empty without a reference), then `<step>_budget_min` and
/// `<step>_used_ms` for every step id of any record, in order of first appearance (empty where a
/// record lacks the step), then `rating_<signal>` (1 to 4, empty when not rated) for every
/// signal any record rates, in [`Signal::ALL`] order.
pub fn to_csv(records: &[PracticeRecord]) -> String {
    let mut steps: Vec<&str> = Vec::new();
    for s in records.iter().flat_map(|r| &r.steps) {
        if !steps.contains(&s.id.as_str()) {
            steps.push(&s.id);
        }
    }
    let mut header: Vec<String> =
        ["date", "case", "framework", "total_ms", "checklist_done", "checklist_total", "coverage_percent"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
    for id in &steps {
        header.push(format!("{id}_budget_min"));
        header.push(format!("{id}_used_ms"));
    }
    let rated: Vec<Signal> = Signal::ALL
        .into_iter()
        .filter(|s| records.iter().any(|r| r.ratings.iter().any(|x| x.signal == *s)))
        .collect();
    for s in &rated {
        header.push(format!("rating_{}", signal_column(*s)));
    }
    let mut out = String::new();
    let mut row = |fields: Vec<String>| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    row(header);
    for r in records {
        let mut fields = vec![
            iso_date(r.date),
            r.case.clone().unwrap_or_default(),
            r.framework.clone(),
            r.total_ms.to_string(),
            r.checklist_done.to_string(),
            r.checklist_total.to_string(),
            r.coverage_percent.map(|c| format!("{c:.1}")).unwrap_or_default(),
        ];
        for id in &steps {
            match r.steps.iter().find(|s| s.id == *id) {
                Some(s) => {
                    fields.push(s.budget_min.to_string());
                    fields.push(s.used_ms.to_string());
                }
                None => fields.extend([String::new(), String::new()]),
            }
        }
        for sig in &rated {
            let level = r.ratings.iter().rev().find(|x| x.signal == *sig).map(|x| x.level.to_string());
            fields.push(level.unwrap_or_default());
        }
        row(fields);
    }
    out
}
