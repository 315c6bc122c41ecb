//! Money in CNY, held as integer fen (分) so sums never drift, and its locale formatting.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Mul, Sub};

/// An amount of CNY in fen (1 yuan = 100 fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cny(pub i64);

impl Cny {
    pub const ZERO: Cny = Cny(0);

    pub fn from_yuan(yuan: i64) -> Cny {
        Cny(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// This amount scaled by a ratio, rounded half away from zero to the fen.
    pub fn scale(self, ratio: f64) -> Cny {
        Cny((self.0 as f64 * ratio).round() as i64)
    }
}

impl Add for Cny {
    type Output = Cny;
    fn add(self, other: Cny) -> Cny {
        Cny(self.0 + other.0)
    }
}

impl AddAssign for Cny {
    fn add_assign(&mut self, other: Cny) {
        self.0 += other.0;
    }
}

impl Sub for Cny {
    type Output = Cny;
    fn sub(self, other: Cny) -> Cny {
        Cny(self.0 - other.0)
    }
}

impl Mul<i64> for Cny {
    type Output = Cny;
    fn mul(self, quantity: i64) -> Cny {
        Cny(self.0 * quantity)
    }
}

impl std::iter::Sum for Cny {
    fn sum<I: Iterator<Item = Cny>>(iter: I) -> Cny {
        iter.fold(Cny::ZERO, Add::add)
    }
}

/// How numbers are written: Chinese readers group large amounts in 万 (10⁴) and 亿 (10⁸),
/// English readers in thousands and millions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberStyle {
    Chinese,
    Western,
}

/// Whole number with thousands separators: `1234567` → `1,234,567`.
pub fn format_int(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Exact amount, to the fen: `¥1,234,567.89`.
pub fn format_cny(amount: Cny) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let fen = amount.0.unsigned_abs();
    format!("{sign}¥{}.{:02}", format_int((fen / 100) as i64), fen % 100)
}

/// Short amount for tables and tiles: `¥123.46万` / `¥1.23亿` in Chinese, `¥1.23M` in English;
/// amounts below one unit of grouping are shown whole, without fen.
pub fn format_cny_compact(amount: Cny, style: NumberStyle) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let yuan = amount.0.unsigned_abs() as f64 / 100.0;
    let units: &[(f64, &str)] = match style {
        NumberStyle::Chinese => &[(1e8, "亿"), (1e4, "万")],
        NumberStyle::Western => &[(1e9, "B"), (1e6, "M"), (1e3, "K")],
    };
    for &(size, suffix) in units {
        // Round before comparing, so 99,999,999 yuan reads ¥1亿, never ¥10,000万.
        let scaled = (yuan / size * 100.0).round() / 100.0;
        if scaled >= 1.0 {
            return format!("{sign}¥{}{suffix}", trim_decimals(scaled));
        }
    }
    format!("{sign}¥{}", format_int(yuan.round() as i64))
}

fn trim_decimals(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", format_int(whole.parse().unwrap_or(0))),
        None => format_int(text.parse().unwrap_or(0)),
    }
}

/// Why typed text is not an amount of CNY.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    /// Not a number as people write amounts (`1234.5`, `1,234.50`, `¥1,234`).
    Invalid,
    /// More than two decimals: CNY has nothing below the fen.
    TooPrecise,
    Negative,
    /// Above [`MAX_AMOUNT`].
    TooLarge,
}

/// The largest amount typed into a form (¥10亿), so quantities times prices stay far from overflow.
pub const MAX_AMOUNT: Cny = Cny(100_000_000_000);

/// An amount as typed: digits with an optional `¥`/`￥` sign, thousands commas in groups of three
/// and at most two decimals, also in full-width characters (as a Chinese input method types them).
pub fn parse_cny(text: &str) -> Result<Cny, AmountError> {
    let folded: String = text.trim().chars().map(fold_width).collect();
    let unsigned = folded.trim_start_matches(['¥', '￥']).trim_start();
    if unsigned.is_empty() {
        return Err(if folded.is_empty() { AmountError::Empty } else { AmountError::Invalid });
    }
    let (negative, unsigned) = match unsigned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, unsigned.strip_prefix('+').unwrap_or(unsigned)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = whole.contains(',');
    let whole_ok =
        digits(first) && (!grouped || first.len() <= 3) && groups.all(|group| group.len() == 3 && digits(group));
    let fraction_ok = fraction.is_empty() || digits(fraction);
    if !whole_ok || !fraction_ok || unsigned.ends_with('.') {
        return Err(AmountError::Invalid);
    }
    if fraction.len() > 2 {
        return Err(AmountError::TooPrecise);
    }
    if negative {
        return Err(AmountError::Negative);
    }
    let whole: String = whole.chars().filter(|c| *c != ',').collect();
    // Anything longer than 12 digits of yuan is above the cap anyway, and would overflow.
    if whole.trim_start_matches('0').len() > 12 {
        return Err(AmountError::TooLarge);
    }
    let yuan: i64 = whole.parse().map_err(|_| AmountError::Invalid)?;
    let fen: i64 = format!("{fraction:0<2}").parse().map_err(|_| AmountError::Invalid)?;
    let amount = Cny(yuan * 100 + fen);
    if amount > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(amount)
}

/// An amount as a form shows it for editing: `1200`, `1200.50` (no grouping, so it parses back).
pub fn amount_text(amount: Cny) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let fen = amount.0.unsigned_abs();
    match fen % 100 {
        0 => format!("{sign}{}", fen / 100),
        cents => format!("{sign}{}.{cents:02}", fen / 100),
    }
}

/// Full-width ASCII to ASCII: digits, `，` and `．` typed with a Chinese input method.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Bytes for humans: `1.5 MB` (decimal units, as browsers report storage quotas).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{} {}", trim_decimals((value * 10.0).round() / 10.0), UNITS[unit])
    }
}

/// `value` to `digits` significant digits, whole numbers grouped by thousands: `0.30661` →
/// `0.307`, `1234.5` → `1,235` (for 3). Errors of a few tenths of a unit then still tell apart
/// methods that fixed decimals would show alike.
pub fn format_significant(value: f64, digits: u32) -> String {
    let decimals_for = |v: f64| {
        if v == 0.0 || !v.is_finite() {
            0
        } else {
            (digits as i32 - 1 - v.abs().log10().floor() as i32).max(0) as usize
        }
    };
    let decimals = decimals_for(value);
    // Rounding can carry into a new digit (0.9996 → 1.00), which then needs one decimal less.
    let scale = 10f64.powi(decimals as i32);
    let decimals = decimals.min(decimals_for((value * scale).round() / scale));
    if decimals == 0 {
        format_int(value.round() as i64)
    } else {
        format!("{value:.decimals$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        for (value, text) in [
            (0.30661, "0.307"),
            (0.31377, "0.314"),
            (1.41765, "1.42"),
            (12.345, "12.3"),
            (1234.5, "1,235"),
            (0.000_123_4, "0.000123"),
            (0.9996, "1.00"),
            (9.996, "10.0"),
            (0.0, "0"),
            (100.0, "100"),
        ] {
            assert_eq!(format_significant(value, 3), text, "{value}");
        }
        assert_eq!(format_significant(0.30661, 2), "0.31");
    }

    #[test]
    fn integers_group_by_thousands() {
        for (value, text) in
            [(0, "0"), (999, "999"), (1000, "1,000"), (-1000, "-1,000"), (1_234_567, "1,234,567"), (100_000, "100,000")]
        {
            assert_eq!(format_int(value), text);
        }
    }

    #[test]
    fn exact_amounts_keep_fen() {
        for (fen, text) in [(0, "¥0.00"), (5, "¥0.05"), (123_456_789, "¥1,234,567.89"), (-250, "-¥2.50")] {
            assert_eq!(format_cny(Cny(fen)), text);
        }
    }

    #[test]
    fn compact_amounts_use_wan_and_yi_in_chinese() {
        for (yuan, chinese, western) in [
            (0, "¥0", "¥0"),
            (9_999, "¥1万", "¥10K"),
            (10_000, "¥1万", "¥10K"),
            (1_234_567, "¥123.46万", "¥1.23M"),
            (9_999_999, "¥1,000万", "¥10M"),
            (99_999_999, "¥1亿", "¥100M"),
            (250_000_000, "¥2.5亿", "¥250M"),
            (1_500_000_000_000, "¥15,000亿", "¥1,500B"),
            (-36_000, "-¥3.6万", "-¥36K"),
        ] {
            let amount = Cny::from_yuan(yuan);
            assert_eq!(format_cny_compact(amount, NumberStyle::Chinese), chinese, "{yuan}");
            assert_eq!(format_cny_compact(amount, NumberStyle::Western), western, "{yuan}");
        }
    }

    #[test]
    fn arithmetic_and_scaling() {
        let price = Cny::from_yuan(1_200);
        assert_eq!(price * 3, Cny::from_yuan(3_600));
        assert_eq!(price - Cny::from_yuan(200), Cny::from_yuan(1_000));
        assert_eq!([price, price].into_iter().sum::<Cny>(), Cny::from_yuan(2_400));
        assert_eq!(Cny(333).scale(0.5), Cny(167));
        assert_eq!(Cny(-333).scale(0.5), Cny(-167));
    }

    #[test]
    fn parses_amounts_as_people_type_them() {
        use AmountError as E;
        for (text, expected) in [
            ("1234.5", Ok(Cny(123_450))),
            ("1,234.5", Ok(Cny(123_450))),
            ("1,234,567.89", Ok(Cny(123_456_789))),
            (" 12 ", Ok(Cny(1_200))),
            ("0", Ok(Cny(0))),
            ("0.05", Ok(Cny(5))),
            (".5", Err(E::Invalid)),
            ("¥1,200", Ok(Cny(120_000))),
            ("￥ 99.9", Ok(Cny(9_990))),
            ("１２３", Ok(Cny(12_300))),
            ("１，２３４．５", Ok(Cny(123_450))),
            ("+7", Ok(Cny(700))),
            ("12.345", Err(E::TooPrecise)),
            ("-5", Err(E::Negative)),
            ("-0.5", Err(E::Negative)),
            ("", Err(E::Empty)),
            ("   ", Err(E::Empty)),
            ("¥", Err(E::Invalid)),
            ("12.", Err(E::Invalid)),
            ("1.2.3", Err(E::Invalid)),
            ("12,34", Err(E::Invalid)),
            ("1234,567", Err(E::Invalid)),
            (",123", Err(E::Invalid)),
            ("1 234", Err(E::Invalid)),
            ("12a", Err(E::Invalid)),
            ("1e5", Err(E::Invalid)),
            ("一百", Err(E::Invalid)),
            ("1000000000", Ok(MAX_AMOUNT)),
            ("1000000000.01", Err(E::TooLarge)),
            ("99999999999999999999999", Err(E::TooLarge)),
            ("000000000000000012", Ok(Cny(1_200))),
        ] {
            assert_eq!(parse_cny(text), expected, "{text:?}");
        }
    }

    #[test]
    fn amounts_for_editing_parse_back() {
        for (fen, text) in
            [(0, "0"), (120_000, "1200"), (120_050, "1200.50"), (5, "0.05"), (MAX_AMOUNT.0, "1000000000")]
        {
            assert_eq!(amount_text(Cny(fen)), text);
            assert_eq!(parse_cny(text), Ok(Cny(fen)));
        }
    }

    #[test]
    fn bytes_use_decimal_units() {
        for (bytes, text) in
            [(0, "0 B"), (999, "999 B"), (1_000, "1 KB"), (1_536_000, "1.5 MB"), (12_345_678_901, "12.3 GB")]
        {
            assert_eq!(format_bytes(bytes), text);
        }
    }
}
