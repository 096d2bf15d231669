//! The back-of-envelope estimator of the scoping step: from daily users, actions per user, a peak
//! factor, bytes per item, retention, embedding size and the number of vectors in the index, it
//! works out the average and peak QPS, the storage (with [`REPLICATION`] copies) and the memory
//! of the nearest-neighbour index (float32 vectors).
//!
//! The formulas, as interviewers expect them:
//! - average QPS = daily users × actions per user a day / 86,400; peak QPS = average × peak factor;
//! - storage = daily users × actions per user × bytes per item × retention days × replication;
//! - index memory = vectors × dimensions × 4 bytes.
//!
//! Typed text is read per field ([`Field::parse`]): "100M", "1.5e9", "10,000" and "2 KB" are
//! numbers; empty, negative, absurd or non-numeric text is refused with a hint for the user, so
//! an output is only ever worked out from numbers in range and is never NaN. Units are decimal
//! (1 KB = 1,000 bytes), as in interviews. Pure: no UI, no files.

use crate::board::record::EstimateInputs;

/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// Copies of every stored byte the storage figure counts.
pub const REPLICATION: f64 = 3.0;

/// Bytes per value of an embedding (float32).
pub const BYTES_PER_VALUE: f64 = 4.0;

/// One input of the estimator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Daily active users.
    DailyUsers,
    /// Requests or actions per user a day.
    ActionsPerUser,
    /// Peak traffic as a multiple of the average.
    PeakFactor,
    /// Bytes stored per action or item.
    BytesPerItem,
    /// Days of data kept.
    RetentionDays,
    /// Embedding dimensions.
    EmbeddingDim,
    /// Vectors in the nearest-neighbour index.
    IndexItems,
}

impl Field {
    /// Every input, in the order the estimator shows them.
    pub const ALL: [Field; 7] = [
        Self::DailyUsers,
        Self::ActionsPerUser,
        Self::PeakFactor,
        Self::BytesPerItem,
        Self::RetentionDays,
        Self::EmbeddingDim,
        Self::IndexItems,
    ];

    /// The input's name as shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::DailyUsers => "Daily users",
            Self::ActionsPerUser => "Actions per user a day",
            Self::PeakFactor => "Peak factor",
            Self::BytesPerItem => "Bytes per item",
            Self::RetentionDays => "Retention (days)",
            Self::EmbeddingDim => "Embedding size (dims)",
            Self::IndexItems => "Vectors in the index",
        }
    }

    /// A short explanation, for a tooltip.
    pub fn help(self) -> &'static str {
        match self {
            Self::DailyUsers => "Daily active users, e.g. 100M",
            Self::ActionsPerUser => "Requests, views or events per user a day",
            Self::PeakFactor => "Peak traffic as a multiple of the average (2–3 is usual)",
            Self::BytesPerItem => "Bytes kept per action or item, e.g. 1 KB for a log line",
            Self::RetentionDays => "How many days of data are kept",
            Self::EmbeddingDim => "Dimensions of each embedding (float32); 0 when nothing is embedded",
            Self::IndexItems => "Vectors in the nearest-neighbour index, e.g. 1B; 0 when there is none",
        }
    }

    /// The input's value in `inputs`.
    pub fn get(self, inputs: &EstimateInputs) -> f64 {
        match self {
            Self::DailyUsers => inputs.daily_users,
            Self::ActionsPerUser => inputs.actions_per_user,
            Self::PeakFactor => inputs.peak_factor,
            Self::BytesPerItem => inputs.bytes_per_item,
            Self::RetentionDays => inputs.retention_days,
            Self::EmbeddingDim => inputs.embedding_dim,
            Self::IndexItems => inputs.index_items,
        }
    }

    /// Sets the input's value in `inputs`.
    pub fn set(self, inputs: &mut EstimateInputs, value: f64) {
        let slot = match self {
            Self::DailyUsers => &mut inputs.daily_users,
            Self::ActionsPerUser => &mut inputs.actions_per_user,
            Self::PeakFactor => &mut inputs.peak_factor,
            Self::BytesPerItem => &mut inputs.bytes_per_item,
            Self::RetentionDays => &mut inputs.retention_days,
            Self::EmbeddingDim => &mut inputs.embedding_dim,
            Self::IndexItems => &mut inputs.index_items,
        };
        *slot = value;
    }

    /// The smallest and largest sensible value; outside them the input is refused.
    pub fn range(self) -> (f64, f64) {
        match self {
            Self::DailyUsers => (0.0, 1e10),
            Self::ActionsPerUser => (0.0, 1e6),
            Self::PeakFactor => (1.0, 100.0),
            Self::BytesPerItem => (0.0, 1e10),
            Self::RetentionDays => (0.0, 36_500.0),
            Self::EmbeddingDim => (0.0, 100_000.0),
            Self::IndexItems => (0.0, 1e13),
        }
    }

    /// Why a value above [`Field::range`] is refused.
    fn too_large(self) -> &'static str {
        match self {
            Self::DailyUsers => "More than 10 B daily users: there are not that many people",
            Self::ActionsPerUser => "More than 1 M actions per user a day is more than one every 0.1 s",
            Self::PeakFactor => "A peak over 100× the average is not a peak factor",
            Self::BytesPerItem => "More than 10 GB per item: store such files apart and count them",
            Self::RetentionDays => "More than 100 years of retention",
            Self::EmbeddingDim => "More than 100,000 dimensions is not an embedding",
            Self::IndexItems => "More than 10 trillion vectors",
        }
    }

    /// Whether the input is a size in bytes (it takes KB, MB, GB and TB).
    fn is_bytes(self) -> bool {
        self == Self::BytesPerItem
    }

    /// Reads the user's text for this input: a number in [`Field::range`], or the hint to show.
    ///
    /// ```
    /// use mlsd_board::practice::estimate::Field;
    /// assert_eq!(Field::DailyUsers.parse("100M"), Ok(100_000_000.0));
    /// assert_eq!(Field::DailyUsers.parse("1,500,000"), Ok(1_500_000.0));
    /// assert_eq!(Field::BytesPerItem.parse("2 KB"), Ok(2_000.0));
    /// assert_eq!(Field::PeakFactor.parse("3x"), Ok(3.0));
    /// assert!(Field::DailyUsers.parse("").is_err());
    /// assert!(Field::DailyUsers.parse("-5").is_err());
    /// assert!(Field::DailyUsers.parse("lots").is_err());
    /// assert!(Field::PeakFactor.parse("0.5").is_err());
    /// ```
    pub fn parse(self, text: &str) -> Result<f64, String> {
        let v = parse_number(text, self.is_bytes())?;
        let (lo, hi) = self.range();
        if v < 0.0 {
            return Err("Cannot be negative".to_owned());
        }
        if v < lo {
            return Err(match self {
                Self::PeakFactor => "At least 1: the peak is never below the average".to_owned(),
                _ => format!("At least {}", format_input(self, lo)),
            });
        }
        if v > hi {
            return Err(self.too_large().to_owned());
        }
        Ok(v)
    }
}

/// The multipliers of count suffixes, longest first.
const COUNT_SUFFIXES: [(&str, f64); 6] =
    [("bn", 1e9), ("k", 1e3), ("m", 1e6), ("b", 1e9), ("t", 1e12), ("x", 1.0)];

/// The multipliers of byte suffixes, longest first.
const BYTE_SUFFIXES: [(&str, f64); 6] =
    [("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12), ("pb", 1e15), ("b", 1.0)];

/// Reads a number as a user types it: digits with an optional decimal point and exponent, commas
/// between groups of three digits, spaces and underscores ignored, and a suffix (k, M, B or bn,
/// T, and a trailing x; or for bytes KB, MB, GB, TB, PB, B), case-insensitive. Never accepts
/// "inf" or "NaN".
fn parse_number(text: &str, bytes: bool) -> Result<f64, String> {
    let compact: String =
        text.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{202f}').collect();
    if compact.is_empty() {
        return Err("Enter a number".to_owned());
    }
    let lower = compact.to_lowercase().replace('×', "x");
    let suffixes: &[(&str, f64)] = if bytes { &BYTE_SUFFIXES } else { &COUNT_SUFFIXES };
    let (digits, scale) = suffixes
        .iter()
        .find_map(|(s, m)| lower.strip_suffix(s).map(|d| (d.to_owned(), *m)))
        .unwrap_or((lower.clone(), 1.0));
    let not_a_number = || {
        let example = if bytes { "1 KB or 2500" } else { "100M or 1.5e6" };
        format!("\u{201c}{}\u{201d} is not a number (try {example})", text.trim())
    };
    let digits = without_group_commas(&digits).ok_or_else(not_a_number)?;
    let plain = |c: char| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-');
    if digits.is_empty() || !digits.chars().all(plain) || !digits.chars().any(|c| c.is_ascii_digit()) {
        return Err(not_a_number());
    }
    let v: f64 = digits.parse().map_err(|_| not_a_number())?;
    let v = v * scale;
    if !v.is_finite() {
        return Err("Too large to be a number".to_owned());
    }
    // -0 reads as 0.
    Ok(if v == 0.0 { 0.0 } else { v })
}

/// `s` with commas between thousands taken out ("1,234,567" → "1234567"); `None` when a comma
/// is anywhere else ("1,5" is not a number here: decimals take a point).
fn without_group_commas(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_owned());
    }
    let (int, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    };
    if frac.contains(',') {
        return None;
    }
    let int_digits = int.trim_start_matches(['-', '+']);
    let mut groups = int_digits.split(',');
    let first = groups.next()?;
    let ok_first = !first.is_empty() && first.len() <= 3 && first.chars().all(|c| c.is_ascii_digit());
    let ok_rest = groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    (ok_first && ok_rest).then(|| format!("{}{frac}", int.replace(',', "")))
}

/// What the estimator works out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Actions a day over all users.
    pub actions_per_day: f64,
    /// Average queries per second.
    pub average_qps: f64,
    /// Peak queries per second.
    pub peak_qps: f64,
    /// Bytes stored over the retention, one copy.
    pub raw_storage_bytes: f64,
    /// Bytes stored over the retention with [`REPLICATION`] copies.
    pub storage_bytes: f64,
    /// Bytes of the nearest-neighbour index as float32 vectors.
    pub index_bytes: f64,
}

/// Works out the estimate from `inputs` (the formulas are in the module documentation). Inputs
/// outside their [`Field::range`] are clamped into it (so a hand-edited file cannot produce NaN
/// or infinity).
///
/// ```
/// use mlsd_board::board::record::EstimateInputs;
/// use mlsd_board::practice::estimate::estimate;
/// let e = estimate(&EstimateInputs { daily_users: 100e6, actions_per_user: 10.0, ..Default::default() });
/// assert_eq!(e.average_qps.round(), 11_574.0);
/// ```
pub fn estimate(inputs: &EstimateInputs) -> Estimate {
    let v = |f: Field| {
        let (lo, hi) = f.range();
        let x = f.get(inputs);
        if x.is_nan() { lo } else { x.clamp(lo, hi) }
    };
    let actions_per_day = v(Field::DailyUsers) * v(Field::ActionsPerUser);
    let average_qps = actions_per_day / SECONDS_PER_DAY;
    let raw_storage_bytes = actions_per_day * v(Field::BytesPerItem) * v(Field::RetentionDays);
    Estimate {
        actions_per_day,
        average_qps,
        peak_qps: average_qps * v(Field::PeakFactor),
        raw_storage_bytes,
        storage_bytes: raw_storage_bytes * REPLICATION,
        index_bytes: v(Field::IndexItems) * v(Field::EmbeddingDim) * BYTES_PER_VALUE,
    }
}

/// One figure the estimator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Average QPS.
    AverageQps,
    /// Peak QPS.
    PeakQps,
    /// Storage over the retention, replicated.
    Storage,
    /// Index memory.
    IndexMemory,
}

impl Output {
    /// Every figure, in the order shown.
    pub const ALL: [Output; 4] = [Self::AverageQps, Self::PeakQps, Self::Storage, Self::IndexMemory];

    /// The inputs the figure is worked out from: when one of them is refused, the figure is not
    /// shown.
    pub fn inputs(self) -> &'static [Field] {
        match self {
            Self::AverageQps => &[Field::DailyUsers, Field::ActionsPerUser],
            Self::PeakQps => &[Field::DailyUsers, Field::ActionsPerUser, Field::PeakFactor],
            Self::Storage => {
                &[Field::DailyUsers, Field::ActionsPerUser, Field::BytesPerItem, Field::RetentionDays]
            }
            Self::IndexMemory => &[Field::IndexItems, Field::EmbeddingDim],
        }
    }

    /// The figure's name, e.g. "Storage (3 replicas, 90 days)".
    pub fn label(self, inputs: &EstimateInputs) -> String {
        match self {
            Self::AverageQps => "Average QPS".to_owned(),
            Self::PeakQps => format!("Peak QPS ({}× average)", human_number(inputs.peak_factor)),
            Self::Storage => format!(
                "Storage ({} replicas, {} day{})",
                REPLICATION,
                human_number(inputs.retention_days),
                if inputs.retention_days == 1.0 { "" } else { "s" }
            ),
            Self::IndexMemory => "Index memory (float32)".to_owned(),
        }
    }

    /// The figure as shown, e.g. "11.6 k" or "270 TB (90 TB per copy)".
    pub fn text(self, e: &Estimate) -> String {
        match self {
            Self::AverageQps => human_number(e.average_qps),
            Self::PeakQps => human_number(e.peak_qps),
            Self::Storage => {
                format!("{} ({} per copy)", human_bytes(e.storage_bytes), human_bytes(e.raw_storage_bytes))
            }
            Self::IndexMemory => human_bytes(e.index_bytes),
        }
    }
}

/// The estimate in lines for a report, e.g. "Average QPS: 11.6 k" (inputs first, then figures).
pub fn report_lines(inputs: &EstimateInputs) -> Vec<String> {
    let e = estimate(inputs);
    let mut out = vec![format!(
        "Inputs: {} daily users × {} actions a day, peak {}×, {} per item kept {} days, {} vectors of {} dims",
        human_number(inputs.daily_users),
        human_number(inputs.actions_per_user),
        human_number(inputs.peak_factor),
        human_bytes(inputs.bytes_per_item),
        human_number(inputs.retention_days),
        human_number(inputs.index_items),
        human_number(inputs.embedding_dim),
    )];
    out.extend(Output::ALL.iter().map(|o| format!("{}: {}", o.label(inputs), o.text(&e))));
    out
}

/// The estimate in one line, for the export's summary band.
pub fn summary_line(inputs: &EstimateInputs) -> String {
    let e = estimate(inputs);
    let mut s = format!(
        "Estimates: {} QPS average, {} at peak; storage {} ({} replicas, {} days)",
        human_number(e.average_qps),
        human_number(e.peak_qps),
        human_bytes(e.storage_bytes),
        REPLICATION,
        human_number(inputs.retention_days),
    );
    if e.index_bytes > 0.0 {
        s.push_str(&format!("; index {}", human_bytes(e.index_bytes)));
    }
    s
}

/// `v` to three significant digits with k, M, B or T: "11.6 k", "1.02 B", "256", "2.5".
///
/// ```
/// use mlsd_board::practice::estimate::human_number;
/// assert_eq!(human_number(11_574.07), "11.6 k");
/// assert_eq!(human_number(1_000_000_000.0), "1 B");
/// assert_eq!(human_number(256.0), "256");
/// assert_eq!(human_number(2.5), "2.5");
/// ```
pub fn human_number(v: f64) -> String {
    scaled(v, &[(1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")], "")
}

/// Bytes to three significant digits in decimal units: "1.02 TB", "90 GB", "512 B".
///
/// ```
/// use mlsd_board::practice::estimate::human_bytes;
/// assert_eq!(human_bytes(1.024e12), "1.02 TB");
/// assert_eq!(human_bytes(512.0), "512 B");
/// ```
pub fn human_bytes(v: f64) -> String {
    scaled(
        v,
        &[
            (1e24, " YB"),
            (1e21, " ZB"),
            (1e18, " EB"),
            (1e15, " PB"),
            (1e12, " TB"),
            (1e9, " GB"),
            (1e6, " MB"),
            (1e3, " KB"),
        ],
        " B",
    )
}

/// `v` divided by the largest unit it reaches, to three significant digits.
fn scaled(v: f64, units: &[(f64, &str)], base: &str) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let (div, unit) =
        units.iter().find(|(d, _)| v.abs() >= *d * 0.9995).map_or((1.0, base), |(d, u)| (*d, *u));
    format!("{}{unit}", three_digits(v / div))
}

/// Three significant digits without trailing zeros: 11.574 → "11.6", 1.0 → "1", 115.7 → "116".
fn three_digits(x: f64) -> String {
    let a = x.abs();
    let decimals = if a >= 99.95 {
        0
    } else if a >= 9.995 {
        1
    } else {
        2
    };
    let s = format!("{x:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

/// A value as prefilled text for input `f` that [`Field::parse`] reads back: "100M", "5B",
/// "1 KB", "30".
pub fn format_input(f: Field, v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let units: &[(f64, &str)] = if f.is_bytes() {
        &[(1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " KB")]
    } else {
        &[(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
    };
    for (d, u) in units {
        let q = v / d;
        if v.abs() >= *d && (q * 1000.0).fract() == 0.0 {
            return format!("{}{u}", trim_float(q));
        }
    }
    trim_float(v)
}

/// A float without a useless fractional part: 3.0 → "3", 2.5 → "2.5".
fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn known_inputs_give_the_textbook_figures() {
        let i = EstimateInputs {
            daily_users: 100e6,
            actions_per_user: 10.0,
            peak_factor: 3.0,
            bytes_per_item: 1_000.0,
            retention_days: 90.0,
            embedding_dim: 256.0,
            index_items: 1e9,
        };
        let e = estimate(&i);
        // 100 M × 10 / 86,400 ≈ 11,574 QPS; 3× at peak.
        assert!((e.average_qps - 11_574.074).abs() < 0.01, "{}", e.average_qps);
        assert!((e.peak_qps - 34_722.22).abs() < 0.01, "{}", e.peak_qps);
        // 1 B a day × 1 KB × 90 days = 90 TB, 270 TB with 3 replicas.
        assert_eq!(e.raw_storage_bytes, 9e13);
        assert_eq!(e.storage_bytes, 2.7e14);
        // 1 B × 256 × 4 B ≈ 1.02 TB.
        assert_eq!(e.index_bytes, 1.024e12);
        assert_eq!(Output::AverageQps.text(&e), "11.6 k");
        assert_eq!(Output::PeakQps.text(&e), "34.7 k");
        assert_eq!(Output::Storage.text(&e), "270 TB (90 TB per copy)");
        assert_eq!(Output::IndexMemory.text(&e), "1.02 TB");
        assert_eq!(Output::Storage.label(&i), "Storage (3 replicas, 90 days)");
        assert_eq!(Output::PeakQps.label(&i), "Peak QPS (3× average)");
    }

    #[test]
    fn every_case_card_gives_finite_figures() {
        for t in crate::content::templates::builtin() {
            if let Some(card) = &t.estimates {
                let e = estimate(&card.inputs);
                for v in [e.average_qps, e.peak_qps, e.storage_bytes, e.index_bytes] {
                    assert!(v.is_finite() && v >= 0.0, "{}: {e:?}", t.id);
                }
                for f in Field::ALL {
                    let shown = format_input(f, f.get(&card.inputs));
                    assert_eq!(f.parse(&shown), Ok(f.get(&card.inputs)), "{}: {f:?} as {shown:?}", t.id);
                }
            }
        }
    }

    #[test]
    fn bad_text_gives_a_hint_never_a_number() {
        for bad in
            ["", "   ", "abc", "1.2.3", "NaN", "inf", "-inf", "1e400", "--1", "1,5", "12,34", "e5", "."]
        {
            let r = Field::DailyUsers.parse(bad);
            assert!(r.is_err(), "{bad:?} gave {r:?}");
            assert!(!r.unwrap_err().is_empty());
        }
        assert_eq!(Field::DailyUsers.parse("-3"), Err("Cannot be negative".to_owned()));
        assert!(Field::DailyUsers.parse("20B").unwrap_err().contains("not that many people"));
        assert!(Field::PeakFactor.parse("0.5").unwrap_err().contains("At least 1"));
        assert!(Field::RetentionDays.parse("1e6").is_err());
        assert_eq!(Field::EmbeddingDim.parse("0"), Ok(0.0), "0 means nothing is embedded");
        assert_eq!(Field::DailyUsers.parse("-0"), Ok(0.0));
    }

    #[test]
    fn suffixes_commas_and_exponents_read_as_users_write_them() {
        assert_eq!(Field::DailyUsers.parse("1.5B"), Ok(1.5e9));
        assert_eq!(Field::DailyUsers.parse("2 bn"), Ok(2e9));
        assert_eq!(Field::DailyUsers.parse("10k"), Ok(1e4));
        assert_eq!(Field::DailyUsers.parse("100 000 000"), Ok(1e8));
        assert_eq!(Field::DailyUsers.parse("1_000"), Ok(1e3));
        assert_eq!(Field::DailyUsers.parse("1,234,567.5"), Ok(1_234_567.5));
        assert_eq!(Field::IndexItems.parse("5e9"), Ok(5e9));
        assert_eq!(Field::PeakFactor.parse("2.5×"), Ok(2.5));
        assert_eq!(Field::BytesPerItem.parse("1.5MB"), Ok(1.5e6));
        assert_eq!(Field::BytesPerItem.parse("512 b"), Ok(512.0));
        assert_eq!(Field::BytesPerItem.parse("1kb"), Ok(1e3));
    }

    #[test]
    fn human_units() {
        assert_eq!(human_number(0.0), "0");
        assert_eq!(human_number(0.116), "0.12");
        assert_eq!(human_number(999.0), "999");
        assert_eq!(human_number(999.96), "1 k");
        assert_eq!(human_number(1_157_407.0), "1.16 M");
        assert_eq!(human_number(3.5e12), "3.5 T");
        assert_eq!(human_bytes(9e13), "90 TB");
        assert_eq!(human_bytes(3.2e11), "320 GB");
        assert_eq!(human_bytes(1e30), "1000000 YB");
        assert_eq!(human_bytes(f64::NAN), "–");
        assert_eq!(format_input(Field::DailyUsers, 1e8), "100M");
        assert_eq!(format_input(Field::IndexItems, 5e9), "5B");
        assert_eq!(format_input(Field::BytesPerItem, 1000.0), "1 KB");
        assert_eq!(format_input(Field::PeakFactor, 2.5), "2.5");
        assert_eq!(format_input(Field::DailyUsers, 1234.0), "1.234k");
    }

    #[test]
    fn absurd_values_in_a_file_are_clamped_not_nan() {
        let i = EstimateInputs {
            daily_users: f64::NAN,
            actions_per_user: f64::INFINITY,
            peak_factor: -4.0,
            bytes_per_item: 1e300,
            retention_days: 1e300,
            embedding_dim: f64::NEG_INFINITY,
            index_items: 1e300,
        };
        let e = estimate(&i);
        for v in [e.average_qps, e.peak_qps, e.storage_bytes, e.index_bytes] {
            assert!(v.is_finite(), "{e:?}");
        }
        assert_eq!(e.average_qps, 0.0, "NaN users count as none");
    }
}
