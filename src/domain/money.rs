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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn bytes_use_decimal_units() {
        for (bytes, text) in
            [(0, "0 B"), (999, "999 B"), (1_000, "1 KB"), (1_536_000, "1.5 MB"), (12_345_678_901, "12.3 GB")]
        {
            assert_eq!(format_bytes(bytes), text);
        }
    }
}
