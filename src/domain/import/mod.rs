//! Customer import from files: bytes → text ([`decode`]) → table ([`csv`], or
//! [`csv::Table::from_rows`] for a spreadsheet read elsewhere) → column mapping ([`mapping`]) →
//! customers ([`customers`]); [`users`] reads sales-team files the same way.
//!
//! Every step returns data, or error enums carrying the line, column and offending text; the UI
//! translates them. Fatal errors (a file that cannot be read as a table) come from `decode` and
//! `csv`; everything about single rows is collected by `customers::convert`, so the user sees
//! every problem of the file at once.
//!
//! The normalisers below also serve duplicate detection against stored customers.

pub mod carparts;
pub mod choices;
pub mod country;
pub mod csv;
pub mod customers;
pub mod decode;
pub mod labels;
pub mod mapping;
pub mod markets;
pub mod pipeline;
pub mod plan;
pub mod records;
pub mod source;
pub mod users;
pub mod values;

/// Characters of an offending value kept in a row error.
const MAX_ERROR_VALUE: usize = 200;

/// Latin legal forms dropped from the end of a company name (after dots are removed, so
/// "Co., Ltd." and "L.L.C." are caught too).
const LEGAL_FORMS_LATIN: &[&str] = &[
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "pty",
    "pte",
    "kk",
    "oy",
    "ab",
    "group",
];

/// Chinese legal forms, longest first so 股份有限公司 goes in one step.
const LEGAL_FORMS_ZH: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "集团", "公司"];

/// The company name reduced to what tells two companies apart: width and case folded,
/// punctuation and spaces dropped, legal forms (有限公司, 集团, Co., Ltd., Inc., GmbH…) dropped
/// from the end. "长沙中联重科工程机械有限公司" and "长沙中联重科工程机械" are the same
/// company; a branch (分公司) stays distinct from its head office. A Latin legal form only counts
/// as a separate word, so "Zencorporation" keeps its letters. A name that is nothing but a legal
/// form is kept whole.
pub fn normalize_company(name: &str) -> String {
    let folded: String = name.chars().map(fold_width).filter(|&c| c != '.').flat_map(char::to_lowercase).collect();
    let mut words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    loop {
        let several = words.len() > 1;
        let Some(&last) = words.last() else {
            break;
        };
        if several && LEGAL_FORMS_LATIN.contains(&last) {
            words.pop();
            continue;
        }
        if last.ends_with("分公司") {
            break;
        }
        let Some(stem) = LEGAL_FORMS_ZH.iter().find_map(|form| last.strip_suffix(form)) else {
            break;
        };
        if !stem.is_empty() {
            words.pop();
            words.push(stem);
        } else if several {
            words.pop();
        } else {
            break;
        }
    }
    words.concat()
}

/// The digits of a phone number, so differently written numbers compare equal. A mainland
/// country code is dropped: always after `+86`/`0086`, and as a bare 86 only before an 11-digit
/// mobile number. A landline written internationally gets its trunk 0 back, so
/// "+86 731 8888 1234" equals "0731-8888-1234".
pub fn normalize_phone(phone: &str) -> String {
    let folded: String = phone.chars().map(fold_width).collect();
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    let explicit = folded.trim_start().starts_with('+') || digits.starts_with("0086");
    let national = digits.strip_prefix("0086").or_else(|| digits.strip_prefix("86"));
    match national {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_owned(),
        Some(rest) if explicit && !rest.is_empty() => {
            if rest.starts_with('0') {
                rest.to_owned()
            } else {
                format!("0{rest}")
            }
        }
        _ => digits,
    }
}

/// An e-mail address as compared: trimmed, width-folded and lowercased.
pub fn normalize_email(email: &str) -> String {
    fold_case_and_width(email)
}

/// Text as compared when case and width must not matter (names a user gives): trimmed,
/// full-width characters folded, lowercased.
pub fn fold_case_and_width(text: &str) -> String {
    folded_chars(text).collect()
}

/// The characters of [`fold_case_and_width`], for comparing without building the text.
pub fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.trim().chars().map(fold_width).flat_map(char::to_lowercase)
}

/// Full-width ASCII (as typed with a Chinese input method) to ASCII, and the ideographic space
/// to a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A header or value as matched: width-folded, lowercased, and only its letters and digits, so
/// "E-mail", "e_mail", "ＥＭＡＩＬ" and "Email:" all read "email".
fn fold_key(text: &str) -> String {
    text.chars().map(fold_width).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_lose_legal_forms_and_punctuation() {
        for (name, normal) in [
            ("长沙中联重科工程机械有限公司", "长沙中联重科工程机械"),
            ("长沙中联重科工程机械", "长沙中联重科工程机械"),
            ("中联重科股份有限公司", "中联重科"),
            ("三一集团有限公司", "三一"),
            ("三一重工（集团）有限公司", "三一重工"),
            ("三一重工 集团", "三一重工"),
            ("徐工集团工程机械有限责任公司", "徐工集团工程机械"),
            ("中联重科长沙分公司", "中联重科长沙分公司"),
            ("ＳＡＮＹ　Ｈｅａｖｙ", "sanyheavy"),
            ("Sany Heavy Industry Co., Ltd.", "sanyheavyindustry"),
            ("Acme Corporation", "acme"),
            ("Acme Corp.", "acme"),
            ("ACME, Inc", "acme"),
            ("Gekko & Co", "gekko"),
            ("Caterpillar GmbH", "caterpillar"),
            ("Widgets L.L.C.", "widgets"),
            ("Zencorporation", "zencorporation"),
            ("Y-corporation", "y"),
            ("Company", "company"),
            ("有限公司", "有限公司"),
            ("", ""),
        ] {
            assert_eq!(normalize_company(name), normal, "{name}");
        }
    }

    #[test]
    fn phones_compare_on_national_digits() {
        for (phone, normal) in [
            ("138 0013 8000", "13800138000"),
            ("+86 138-0013-8000", "13800138000"),
            ("0086 13800138000", "13800138000"),
            ("8613800138000", "13800138000"),
            ("＋８６ １３８００１３８０００", "13800138000"),
            ("0731-8888 1234", "073188881234"),
            ("+86 731 8888 1234", "073188881234"),
            ("+86 (0)731 8888 1234", "073188881234"),
            ("86881234", "86881234"),
            ("+1 (555) 123-4567", "15551234567"),
            ("", ""),
        ] {
            assert_eq!(normalize_phone(phone), normal, "{phone}");
        }
    }

    #[test]
    fn emails_compare_trimmed_and_lowercased() {
        for (email, normal) in
            [(" Sales@Sany.COM ", "sales@sany.com"), ("ｉｎｆｏ＠ｘｃｍｇ．ｃｏｍ", "info@xcmg.com"), ("", "")]
        {
            assert_eq!(normalize_email(email), normal, "{email}");
        }
    }

    #[test]
    fn keys_keep_only_letters_and_digits() {
        for (text, key) in [
            ("E-mail", "email"),
            ("e_mail", "email"),
            ("ＥＭＡＩＬ", "email"),
            ("Company Name:", "companyname"),
            ("公司名称*", "公司名称"),
            ("国家/地区", "国家地区"),
            ("#", ""),
        ] {
            assert_eq!(fold_key(text), key, "{text}");
        }
    }
}
