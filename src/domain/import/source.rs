//! A picked file to a table: a workbook (XLSX, XLS, ODS) by its first sheet, anything else as
//! delimited text with its encoding and delimiter detected, or as the user chose them.
//!
//! The file's content decides, not its name: a workbook renamed `.csv` is read as a workbook,
//! and a text file renamed `.xlsx` as text. Only a file that is neither gets the error of what
//! its name promised (a damaged `.xlsx` says it is damaged, not that its text is unreadable).

use super::csv::{self, CsvError, Table, TableRow};
use super::decode::{self, DecodeError, TextEncoding};
use crate::domain::xlsx::{self, XlsxError};

/// Files above this size are refused before they are read: a file's text is held while it is
/// checked and imported, and a tablet's tab must stay well under a few hundred MB.
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

/// A file read and checked through: its header, how many rows it has, and its rows to go through
/// as often as needed. Text keeps only the decoded text and reads its rows again on each pass, so
/// a large file's cells are never all held; a workbook's sheet comes whole from its reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub format: SourceFormat,
    pub header: Vec<String>,
    /// Rows under the header, blank ones not counted.
    pub rows: usize,
    body: Body,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Body {
    Text { text: String, delimiter: char },
    Sheet(Vec<TableRow>),
}

impl Source {
    /// The rows under the header, in file order.
    pub fn rows(&self) -> SourceRows<'_> {
        match &self.body {
            Body::Text { text, delimiter } => match csv::records(text, *delimiter) {
                Ok((_, records)) => SourceRows::Text(records),
                // `read` parsed this text through with this delimiter: it cannot fail now.
                Err(_) => SourceRows::Sheet([].iter()),
            },
            Body::Sheet(rows) => SourceRows::Sheet(rows.iter()),
        }
    }

    /// Every row at once, for files that are small by nature (a sales team).
    pub fn table(&self) -> Table {
        Table { header: self.header.clone(), rows: self.rows().collect() }
    }
}

/// The rows of a [`Source`], one at a time.
pub enum SourceRows<'a> {
    Text(csv::Records<'a>),
    Sheet(std::slice::Iter<'a, TableRow>),
}

impl Iterator for SourceRows<'_> {
    type Item = TableRow;

    fn next(&mut self) -> Option<TableRow> {
        match self {
            // `read` parsed the text through, so the same text with the same delimiter has no
            // error left to meet.
            SourceRows::Text(records) => records.next()?.ok(),
            SourceRows::Sheet(rows) => rows.next().cloned(),
        }
    }
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
    let (header, records) = csv::records(&decoded.text, delimiter).map_err(SourceError::Csv)?;
    let mut rows = 0;
    for record in records {
        record.map_err(SourceError::Csv)?;
        rows += 1;
    }
    Ok(Source {
        format: SourceFormat::Text { encoding: decoded.encoding, delimiter },
        header,
        rows,
        body: Body::Text { text: decoded.text, delimiter },
    })
}

fn workbook(bytes: &[u8]) -> Result<Source, SourceError> {
    let rows = xlsx::read_first_sheet(bytes).map_err(SourceError::Workbook)?;
    let table = Table::from_rows(rows).map_err(SourceError::Csv)?;
    Ok(Source {
        format: SourceFormat::Workbook,
        header: table.header,
        rows: table.rows.len(),
        body: Body::Sheet(table.rows),
    })
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
            assert_eq!(source.header, header, "{name}");
            assert_eq!(source.rows, 1, "{name}");
            assert_eq!(source.rows().count(), 1, "{name}");
        }
    }

    #[test]
    fn every_pass_reads_the_same_rows_with_their_lines() {
        let text = "company,city\n\nSany,Changsha\n\"XCMG\nGroup\",Xuzhou\n,,\nLiugong,Liuzhou\n";
        let source = read("a.csv", text.as_bytes(), TextChoice::default()).expect("readable");
        assert_eq!(source.rows, 3);
        let pass = || source.rows().map(|row| (row.line, row.cells)).collect::<Vec<_>>();
        let expected = vec![
            (3, vec!["Sany".to_owned(), "Changsha".to_owned()]),
            (4, vec!["XCMG\nGroup".to_owned(), "Xuzhou".to_owned()]),
            (7, vec!["Liugong".to_owned(), "Liuzhou".to_owned()]),
        ];
        assert_eq!(pass(), expected);
        assert_eq!(pass(), expected);
        assert_eq!(source.table().rows.len(), 3);
    }

    #[test]
    fn the_users_choice_of_encoding_and_delimiter_wins() {
        let bytes = gbk("公司名称,城市|x\n三一重工,长沙|y\n");
        let chosen = TextChoice { encoding: Some(TextEncoding::Gb18030), delimiter: Some('|') };
        let source = read("a.txt", &bytes, chosen).expect("readable");
        assert_eq!(source.header, ["公司名称,城市", "x"]);
        assert_eq!(source.table().rows[0].cells, ["三一重工,长沙", "y"]);
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
