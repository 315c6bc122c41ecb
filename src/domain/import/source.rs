//! A picked file to a table: a workbook (XLSX, XLS, ODS) by its first sheet, anything else as
//! delimited text with its encoding and delimiter detected, or as the user chose them.
//!
//! The file's content decides, not its name: a workbook renamed `.csv` is read as a workbook,
//! and a text file renamed `.xlsx` as text. Only a file that is neither gets the error of what
//! its name promised (a damaged `.xlsx` says it is damaged, not that its text is unreadable).

use super::csv::{self, CsvError, Table};
use super::decode::{self, DecodeError, TextEncoding};
use crate::domain::xlsx::{self, XlsxError};

/// Files above this size are refused before they are read: the table of a file takes several
/// times its size in memory, and a tablet's tab must stay well under a few hundred MB.
pub const MAX_FILE_BYTES: usize = 32_000_000;

/// How a file's text was, or is to be, read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextChoice {
    /// `None`: detect.
    pub encoding: Option<TextEncoding>,
    /// `None`: guess.
    pub delimiter: Option<char>,
}

/// What the file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    Text { encoding: TextEncoding, delimiter: char },
    Workbook,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub format: SourceFormat,
    pub table: Table,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceError {
    TooLarge { bytes: usize, max: usize },
    Text(DecodeError),
    Csv(CsvError),
    Workbook(XlsxError),
}

/// Whether a file name promises a workbook.
pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|extension| lower.ends_with(extension))
}

/// Reads `bytes` (the file `name`) as a table; see the module docs.
pub fn read(name: &str, bytes: &[u8], choice: TextChoice) -> Result<Source, SourceError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge { bytes: bytes.len(), max: MAX_FILE_BYTES });
    }
    let text = match choice.encoding {
        Some(encoding) => decode::decode_as(bytes, encoding),
        None => decode::decode(bytes),
    };
    let decoded = match text {
        Ok(decoded) => decoded,
        Err(DecodeError::Spreadsheet) => return workbook(bytes),
        Err(error) if is_workbook_name(name) => {
            return workbook(bytes).map_err(|sheet| match sheet {
                // Neither a workbook nor text: say what the name promised.
                SourceError::Workbook(XlsxError::NotASpreadsheet) => SourceError::Workbook(XlsxError::Corrupt),
                _ => SourceError::Text(error),
            });
        }
        Err(error) => return Err(SourceError::Text(error)),
    };
    let delimiter = match choice.delimiter {
        Some(delimiter) => delimiter,
        None => csv::sniff_delimiter(&decoded.text).map_err(SourceError::Csv)?,
    };
    let table = csv::parse_with(&decoded.text, delimiter).map_err(SourceError::Csv)?;
    Ok(Source { format: SourceFormat::Text { encoding: decoded.encoding, delimiter }, table })
}

fn workbook(bytes: &[u8]) -> Result<Source, SourceError> {
    let rows = xlsx::read_first_sheet(bytes).map_err(SourceError::Workbook)?;
    let table = Table::from_rows(rows).map_err(SourceError::Csv)?;
    Ok(Source { format: SourceFormat::Workbook, table })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::Cell;
    use crate::domain::xlsx::{write_workbook, SheetData};

    fn workbook_bytes() -> Vec<u8> {
        write_workbook(&[SheetData {
            name: "客户".into(),
            header: vec!["公司名称".into(), "城市".into()],
            rows: vec![vec![Cell::Text("三一重工".into()), Cell::Text("长沙".into())]],
        }])
    }

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    #[test]
    fn reads_each_kind_of_file_by_its_content() {
        let auto = TextChoice::default();
        for (name, bytes, format, header) in [
            (
                "a.csv",
                "公司名称,城市\n三一重工,长沙\n".as_bytes().to_vec(),
                SourceFormat::Text { encoding: TextEncoding::Utf8, delimiter: ',' },
                ["公司名称", "城市"],
            ),
            (
                "a.csv",
                gbk("公司名称;城市\r\n三一重工;长沙\r\n"),
                SourceFormat::Text { encoding: TextEncoding::Gb18030, delimiter: ';' },
                ["公司名称", "城市"],
            ),
            ("a.xlsx", workbook_bytes(), SourceFormat::Workbook, ["公司名称", "城市"]),
            ("renamed.csv", workbook_bytes(), SourceFormat::Workbook, ["公司名称", "城市"]),
            (
                "renamed.xlsx",
                b"company\tcity\nSany\tChangsha\n".to_vec(),
                SourceFormat::Text { encoding: TextEncoding::Utf8, delimiter: '\t' },
                ["company", "city"],
            ),
        ] {
            let source = read(name, &bytes, auto).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(source.format, format, "{name}");
            assert_eq!(source.table.header, header, "{name}");
            assert_eq!(source.table.rows.len(), 1, "{name}");
        }
    }

    #[test]
    fn the_users_choice_of_encoding_and_delimiter_wins() {
        let bytes = gbk("公司名称,城市|x\n三一重工,长沙|y\n");
        let chosen = TextChoice { encoding: Some(TextEncoding::Gb18030), delimiter: Some('|') };
        let source = read("a.txt", &bytes, chosen).expect("readable");
        assert_eq!(source.table.header, ["公司名称,城市", "x"]);
        let wrong = TextChoice { encoding: Some(TextEncoding::Utf8), delimiter: None };
        assert!(matches!(read("a.txt", &bytes, wrong), Err(SourceError::Text(DecodeError::UnknownEncoding { .. }))));
    }

    #[test]
    fn bad_files_get_the_error_of_what_they_are() {
        let auto = TextChoice::default();
        let mut truncated = workbook_bytes();
        truncated.truncate(truncated.len() / 2);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend([0u8; 64]);
        for (name, bytes, expected) in [
            ("a.csv", Vec::new(), SourceError::Text(DecodeError::Empty)),
            ("a.csv", png.clone(), SourceError::Text(DecodeError::Binary)),
            ("picture.xlsx", png, SourceError::Workbook(XlsxError::Corrupt)),
            ("a.xlsx", truncated, SourceError::Workbook(XlsxError::Truncated)),
            (
                "a.csv",
                b"company,city\n\"Sany,Changsha\n".to_vec(),
                SourceError::Csv(CsvError::UnclosedQuote { line: 2, column: 0 }),
            ),
            (
                "a.csv",
                vec![b' '; MAX_FILE_BYTES + 1],
                SourceError::TooLarge { bytes: MAX_FILE_BYTES + 1, max: MAX_FILE_BYTES },
            ),
        ] {
            assert_eq!(read(name, &bytes, auto), Err(expected.clone()), "{name} {expected:?}");
        }
    }

    #[test]
    fn workbook_names_are_recognised_whatever_their_case() {
        for (name, workbook) in
            [("a.XLSX", true), ("b.xls", true), ("c.ods", true), ("d.xlsm", true), ("e.csv", false), ("xlsx", false)]
        {
            assert_eq!(is_workbook_name(name), workbook, "{name}");
        }
    }
}
