//! Rules every form's free-text, e-mail and phone fields share, and the problems a field can
//! have: each area's form (customers, orders, interactions, partners, machines) checks its own
//! fields with these, so one typo is reported the same way everywhere.

/// Longest single-line text a field takes; notes-like fields take [`MAX_LONG_TEXT`].
pub const MAX_TEXT: usize = 200;
pub const MAX_LONG_TEXT: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    Required,
    TooLong {
        max: usize,
    },
    InvalidEmail,
    InvalidPhone,
    /// Not a whole number between `min` and `max`.
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// Not an ISO 3166-1 alpha-2 code.
    InvalidCountry,
    UnknownProvince,
    ControlCharacters,
}

/// Record numbers compare trimmed and case-insensitively: `so-2026-000001` is `SO-2026-000001`.
fn same_number(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether `number` is among `taken`.
pub fn is_taken(number: &str, taken: &[String]) -> bool {
    taken.iter().any(|t| same_number(t, number))
}

/// The next free number of the series `prefix` (`SO-2026-`): one above the highest
/// `<prefix>NNNNNN` in `taken`, else the first.
pub fn next_in_series(prefix: &str, taken: &[String]) -> String {
    let highest = taken
        .iter()
        .filter_map(|number| {
            let number = number.trim();
            let rest = number
                .get(..prefix.len())
                .filter(|p| p.eq_ignore_ascii_case(prefix))
                .map(|_| &number[prefix.len()..])?;
            rest.bytes().all(|b| b.is_ascii_digit()).then(|| rest.parse::<u64>().ok())?
        })
        .max()
        .unwrap_or(0);
    (highest + 1..)
        .map(|n| format!("{prefix}{n:06}"))
        .find(|candidate| !is_taken(candidate, taken))
        .unwrap_or_else(|| format!("{prefix}{:06}", highest + 1))
}

/// A setting's number as a form shows it, `95`, `3.5`: no trailing zeros, at most two decimals.
pub fn setting_number_text(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A setting's number of zero or more as typed: full-width digits, a trailing `%` or `×` too.
pub fn typed_setting_number(text: &str) -> Option<f64> {
    let text = half_width_number(text, &['%', '％', '×', 'x']);
    let plain = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    plain.then(|| text.parse::<f64>().ok()).flatten().filter(|v| v.is_finite())
}

/// A typed number as ASCII: trimmed, any of `units` after it dropped, and full-width digits and
/// decimal points (typed on a Chinese keyboard) made half-width.
pub fn half_width_number(text: &str, units: &[char]) -> String {
    text.trim()
        .trim_end_matches(units)
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            c => c,
        })
        .collect()
}

/// Whether `text` looks like an e-mail address: one `@`, a local part, and a dotted domain
/// without spaces. Deliverability is not ours to judge; typos like "a@b" and "a b@c.cn" are.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
        && !text.chars().any(char::is_whitespace)
}

/// Whether `text` is a phone number as people write them: digits with spaces, `-`, `()`, a
/// leading `+` and an extension after `转`/`ext`/`x`, holding 5 to 20 digits.
pub fn is_phone(text: &str) -> bool {
    let main = text.split("ext").next().unwrap_or_default();
    let main = main.split(['转', 'x', 'X']).next().unwrap_or_default();
    let digits = main.chars().filter(char::is_ascii_digit).count();
    let allowed = |(i, c): (usize, char)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0);
    (5..=20).contains(&digits) && main.trim().char_indices().all(allowed)
}

/// A control character free text may not hold: anything invisible but line breaks and tabs.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Text problems shared by every free-text field.
pub fn text_problem(text: &str, max: usize) -> Option<FormError> {
    if text.chars().count() > max {
        Some(FormError::TooLong { max })
    } else if text.chars().any(is_forbidden_control) {
        Some(FormError::ControlCharacters)
    } else {
        None
    }
}

/// Splits typed main products on the separators people use in both languages.
pub fn split_products(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_emails() {
        for (text, ok) in [
            ("sales@sany.com.cn", true),
            ("a.b+c@x.cn", true),
            ("王@例子.中国", true),
            ("a@b", false),
            ("a b@c.cn", false),
            ("@c.cn", false),
            ("a@@c.cn", false),
            ("a@c..cn", false),
            ("a@c.cn.", false),
            ("plain", false),
        ] {
            assert_eq!(is_email(text), ok, "{text}");
        }
    }

    #[test]
    fn recognises_phones() {
        for (text, ok) in [
            ("13800138000", true),
            ("+86 138-0013-8000", true),
            ("0731-88881234", true),
            ("(0731) 8888 1234", true),
            ("0731-88881234转802", true),
            ("010 6666 8888 ext 12", true),
            ("1234", false),
            ("138-0013-8000-1234-5678-9999", false),
            ("call me", false),
            ("138 0013 800a", false),
            ("13+800138000", false),
        ] {
            assert_eq!(is_phone(text), ok, "{text}");
        }
    }
}
