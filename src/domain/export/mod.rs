//! Records to files people open elsewhere: spreadsheets ([`csv`], and XLSX through
//! [`crate::domain::xlsx`]), phone address books ([`vcard`]) and calendars ([`ics`]).
//!
//! [`tables`] turns records into rows of typed [`Cell`]s under column ids; the UI names the
//! columns in the user's language and picks the file format.

pub mod csv;
pub mod ics;
pub mod tables;
pub mod vcard;

use super::date::Date;
use super::model::labelled_enum;

labelled_enum!(
    /// What an export writes: one kind of record, named as its store is (the file's name says it).
    ExportTable { Customers = "customers", Contacts = "contacts", Interactions = "interactions", Orders = "orders" }
);

labelled_enum!(
    /// The file an export writes.
    ExportFormat { Xlsx = "xlsx", Csv = "csv", CsvGbk = "csv-gbk", Vcard = "vcf" }
);

impl ExportFormat {
    /// Whether `table` can be written in this format: address-book cards hold contacts only.
    pub fn fits(self, table: ExportTable) -> bool {
        self != ExportFormat::Vcard || table == ExportTable::Contacts
    }
}

/// One value of an exported table, typed so a spreadsheet stores numbers and dates as such.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Integer(i64),
    Date(Date),
    Empty,
}

impl Cell {
    /// Text, or [`Cell::Empty`] when there is none (a spreadsheet then leaves the cell blank).
    pub fn text(text: &str) -> Cell {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.to_owned())
        }
    }
}

/// Why an export cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// `character` in data row `row` (0-based, in the rows given), column `column` (0-based) has
    /// no code in the chosen encoding.
    Unencodable { row: usize, column: usize, character: char },
    /// The same for header `column` (a custom field's name, say).
    UnencodableHeader { column: usize, character: char },
}

/// Appends one content line of a vCard or iCalendar file, ended by CRLF and folded so no line
/// exceeds 75 octets (RFC 5545 §3.1, RFC 2425 §5.8.1). A continuation line starts with a space,
/// which counts towards its 75; folds fall between characters, never inside one, because readers
/// unfold bytes and a split UTF-8 sequence would not survive every one of them.
fn push_line(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut limit = LIMIT;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LIMIT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// Appends `text` as a vCard/iCalendar TEXT value: `\`, `;` and `,` escaped, every line break
/// (CRLF, LF or CR) as `\n`, other control characters (which TEXT may not hold) dropped.
fn push_escaped(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_contacts_export_as_address_book_cards() {
        for &table in ExportTable::ALL {
            assert!(
                ExportFormat::Xlsx.fits(table) && ExportFormat::Csv.fits(table) && ExportFormat::CsvGbk.fits(table)
            );
            assert_eq!(ExportFormat::Vcard.fits(table), table == ExportTable::Contacts, "{table:?}");
        }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    /// Joins folded lines back as a reader does: CRLF followed by one space is removed.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn short_lines_are_not_folded() {
        for line in ["", "SUMMARY:x", &"a".repeat(75)] {
            let mut out = String::new();
            push_line(&mut out, line);
            assert_eq!(out, format!("{line}\r\n"));
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        for (line, first_len) in [
            ("a".repeat(76), 75),
            ("a".repeat(200), 75),
            // 中 is 3 octets: 25 of them fill exactly 75.
            ("中".repeat(26), 75),
            // One ASCII byte shifts every character by one: the 25th would end at octet 76.
            (format!("a{}", "中".repeat(30)), 73),
            // 4-octet characters: 18 × 4 = 72, a 19th would end at 76.
            ("😀".repeat(40), 72),
        ] {
            let mut out = String::new();
            push_line(&mut out, &line);
            let physical = lines(&out);
            assert_eq!(physical[0].len(), first_len, "{line}");
            for (i, l) in physical.iter().enumerate() {
                assert!(l.len() <= 75, "{l:?} has {} octets", l.len());
                assert_eq!(i > 0, l.starts_with(' '), "{l:?}");
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn text_escaping() {
        for (text, escaped) in [
            ("plain 中文", "plain 中文"),
            (r"a\b", r"a\\b"),
            ("a;b,c", r"a\;b\,c"),
            ("one\ntwo\r\nthree\rfour", r"one\ntwo\nthree\nfour"),
            ("tab\there", "tab\there"),
            ("bell\u{7}gone", "bellgone"),
            ("\r\n", r"\n"),
        ] {
            let mut out = String::new();
            push_escaped(&mut out, text);
            assert_eq!(out, escaped, "{text:?}");
        }
    }
}
