//! A picked file to a table: a workbook (XLSX, XLS, ODS) by its first sheet, anything else as
//! delimited text with its encoding and delimiter detected, or as the user chose them.
//!
//! The file's content decides, not its name: a workbook renamed `.csv` is read as a workbook.
//! A file that holds no table says what it is instead ([`FileKind`]: an image, a PDF, a Word or
//! PowerPoint file, or text named as a workbook, which is most likely not the file meant). A file
//! that is none of these gets the error of what its name promised (a damaged `.xlsx` says it is
//! damaged, not that its text is unreadable). A header without rows is refused, and a workbook
//! whose first sheet is empty names its other sheets, one of which can be read instead.

use super::csv::{self, CsvError, Table, TableRow};
use super::decode::{self, DecodeError, TextEncoding};
use crate::domain::xlsx::{self, XlsxError};

/// Files above this size are refused before they are read: a file's text is held while it is
/// checked and imported, and a tablet's tab must stay well under a few hundred MB.
pub const MAX_FILE_BYTES: usize = 32_000_000;

/// How a file's text (or which sheet of a workbook) was, or is to be, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextChoice {
    /// `None`: detect.
    pub encoding: Option<TextEncoding>,
    /// `None`: guess.
    pub delimiter: Option<char>,
    /// A workbook's sheet by name; `None`: the first.
    pub sheet: Option<String>,
}

/// What a file that holds no table really is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Text in a file named as a workbook.
    Text,
    /// A picture; `format` is how it is known (PNG, JPEG…).
    Image {
        format: &'static str,
    },
    Pdf,
    WordDocument,
    Presentation,
}

/// What the file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    Text {
        encoding: TextEncoding,
        delimiter: char,
    },
    /// `misnamed`: the file's name ends in another format's extension (or in none of a workbook).
    Workbook {
        kind: WorkbookKind,
        misnamed: bool,
    },
}

/// The formats of workbooks read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Xls,
    Ods,
}

impl WorkbookKind {
    /// The kind `bytes` of a readable workbook are: an OLE2 container is XLS, a zip holding
    /// `xl/workbook` XLSX, any other zip ODS.
    fn of(bytes: &[u8]) -> WorkbookKind {
        if !bytes.starts_with(b"PK") {
            WorkbookKind::Xls
        } else if bytes.windows(11).any(|w| w == b"xl/workbook") {
            WorkbookKind::Xlsx
        } else {
            WorkbookKind::Ods
        }
    }

    /// The extensions a file of this kind is named with.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            WorkbookKind::Xlsx => &[".xlsx", ".xlsm"],
            WorkbookKind::Xls => &[".xls"],
            WorkbookKind::Ods => &[".ods"],
        }
    }
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
    TooLarge {
        bytes: usize,
        max: usize,
    },
    Text(DecodeError),
    Csv(CsvError),
    Workbook(XlsxError),
    /// The file is something else than its name says, and holds no table.
    Mislabelled {
        actual: FileKind,
    },
    /// A header row (of `columns` columns) and no row under it.
    NoRows {
        columns: usize,
    },
    /// The workbook's first sheet `sheet` is empty; `others` are its other sheets, to pick from.
    EmptySheet {
        sheet: String,
        others: Vec<String>,
    },
}

/// Leading bytes of files people pick by mistake, and what they are.
const SIGNATURES: &[(&[u8], FileKind)] = &[
    (b"\x89PNG\r\n\x1a\n", FileKind::Image { format: "PNG" }),
    (b"\xFF\xD8\xFF", FileKind::Image { format: "JPEG" }),
    (b"GIF87a", FileKind::Image { format: "GIF" }),
    (b"GIF89a", FileKind::Image { format: "GIF" }),
    (b"II*\x00", FileKind::Image { format: "TIFF" }),
    (b"MM\x00*", FileKind::Image { format: "TIFF" }),
    (b"%PDF-", FileKind::Pdf),
];

/// What `bytes` are, when their first bytes or (in a zip) their part names say it is not a table.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(signature, _)| bytes.starts_with(signature)) {
        return Some(*kind);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(FileKind::Image { format: "WebP" });
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && [&b"heic"[..], b"heix", b"mif1"].contains(&&bytes[8..12]) {
        return Some(FileKind::Image { format: "HEIC" });
    }
    // A zip names its parts in clear before each one.
    let holds = |part: &[u8]| bytes.windows(part.len()).any(|w| w == part);
    if bytes.starts_with(b"PK\x03\x04") && !holds(b"xl/workbook") && !holds(b"content.xml") {
        if holds(b"word/document.xml") {
            return Some(FileKind::WordDocument);
        }
        if holds(b"ppt/presentation.xml") {
            return Some(FileKind::Presentation);
        }
    }
    None
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
    if let Some(actual) = sniff(bytes) {
        return Err(SourceError::Mislabelled { actual });
    }
    let text = match choice.encoding {
        Some(encoding) => decode::decode_as(bytes, encoding),
        None => decode::decode(bytes),
    };
    let decoded = match text {
        Ok(decoded) => decoded,
        Err(DecodeError::Spreadsheet) => return workbook(name, bytes, choice.sheet.as_deref()),
        Err(error) if is_workbook_name(name) => {
            return workbook(name, bytes, choice.sheet.as_deref()).map_err(|sheet| match sheet {
                // Neither a workbook nor text: say what the name promised.
                SourceError::Workbook(XlsxError::NotASpreadsheet) => SourceError::Workbook(XlsxError::Corrupt),
                _ => SourceError::Text(error),
            });
        }
        Err(error) => return Err(SourceError::Text(error)),
    };
    if is_workbook_name(name) {
        return Err(SourceError::Mislabelled { actual: FileKind::Text });
    }
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
    if rows == 0 {
        return Err(SourceError::NoRows { columns: header.len() });
    }
    Ok(Source {
        format: SourceFormat::Text { encoding: decoded.encoding, delimiter },
        header,
        rows,
        body: Body::Text { text: decoded.text, delimiter },
    })
}

fn workbook(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Source, SourceError> {
    let rows = match xlsx::read_sheet(bytes, sheet) {
        Err(XlsxError::Empty) if sheet.is_none() => {
            let mut names = xlsx::worksheet_names(bytes).into_iter();
            return Err(match (names.next(), names.collect::<Vec<_>>()) {
                (Some(sheet), others) if !others.is_empty() => SourceError::EmptySheet { sheet, others },
                _ => SourceError::Workbook(XlsxError::Empty),
            });
        }
        read => read.map_err(SourceError::Workbook)?,
    };
    let table = Table::from_rows(rows).map_err(SourceError::Csv)?;
    if table.rows.is_empty() {
        return Err(SourceError::NoRows { columns: table.header.len() });
    }
    Ok(Source {
        format: {
            let kind = WorkbookKind::of(bytes);
            let lower = name.to_lowercase();
            SourceFormat::Workbook { kind, misnamed: !kind.extensions().iter().any(|e| lower.ends_with(e)) }
        },
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

    fn xlsx(misnamed: bool) -> SourceFormat {
        SourceFormat::Workbook { kind: WorkbookKind::Xlsx, misnamed }
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
            ("a.xlsx", workbook_bytes(), xlsx(false), ["公司名称", "城市"]),
            ("A.XLSM", workbook_bytes(), xlsx(false), ["公司名称", "城市"]),
            ("renamed.csv", workbook_bytes(), xlsx(true), ["公司名称", "城市"]),
            ("renamed.xls", workbook_bytes(), xlsx(true), ["公司名称", "城市"]),
        ] {
            let source = read(name, &bytes, auto.clone()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
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
        let chosen = TextChoice { encoding: Some(TextEncoding::Gb18030), delimiter: Some('|'), sheet: None };
        let source = read("a.txt", &bytes, chosen).expect("readable");
        assert_eq!(source.header, ["公司名称,城市", "x"]);
        assert_eq!(source.table().rows[0].cells, ["三一重工,长沙", "y"]);
        let wrong = TextChoice { encoding: Some(TextEncoding::Utf8), delimiter: None, sheet: None };
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
            ("a.csv", (0..=255u8).cycle().take(512).collect(), SourceError::Text(DecodeError::Binary)),
            ("a.csv", png.clone(), SourceError::Mislabelled { actual: FileKind::Image { format: "PNG" } }),
            ("picture.xlsx", png, SourceError::Mislabelled { actual: FileKind::Image { format: "PNG" } }),
            ("scan.xlsx", b"%PDF-1.7\n%\xE2\xE3".to_vec(), SourceError::Mislabelled { actual: FileKind::Pdf }),
            (
                "notes.xlsx",
                b"company\tcity\nSany\tChangsha\n".to_vec(),
                SourceError::Mislabelled { actual: FileKind::Text },
            ),
            ("word.xlsx", word_bytes(), SourceError::Mislabelled { actual: FileKind::WordDocument }),
            ("header.csv", b"company,city\n\n".to_vec(), SourceError::NoRows { columns: 2 }),
            ("header.xlsx", header_only_workbook(), SourceError::NoRows { columns: 2 }),
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
            assert_eq!(read(name, &bytes, auto.clone()), Err(expected.clone()), "{name} {expected:?}");
        }
    }

    /// A zip as Word writes one, its parts named in clear.
    fn word_bytes() -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn header_only_workbook() -> Vec<u8> {
        write_workbook(&[SheetData {
            name: "客户".into(),
            header: vec!["公司名称".into(), "城市".into()],
            rows: vec![],
        }])
    }

    #[test]
    fn an_empty_first_sheet_names_the_others_and_one_can_be_picked() {
        let bytes = write_workbook(&[
            SheetData { name: "说明".into(), ..SheetData::default() },
            SheetData {
                name: "客户".into(),
                header: vec!["公司名称".into()],
                rows: vec![vec![Cell::Text("三一重工".into())]],
            },
            SheetData { name: "备注".into(), ..SheetData::default() },
        ]);
        let others = vec!["客户".to_owned(), "备注".to_owned()];
        let refused = read("a.xlsx", &bytes, TextChoice::default());
        assert_eq!(refused, Err(SourceError::EmptySheet { sheet: "说明".into(), others }));
        let picked = TextChoice { sheet: Some("客户".into()), ..TextChoice::default() };
        let source = read("a.xlsx", &bytes, picked).expect("the picked sheet");
        assert_eq!((source.header.as_slice(), source.rows), (&["公司名称".to_owned()][..], 1));
        let lone = write_workbook(&[SheetData::default()]);
        assert_eq!(read("a.xlsx", &lone, TextChoice::default()), Err(SourceError::Workbook(XlsxError::Empty)));
    }

    #[test]
    fn sniffing_tells_pictures_and_documents_from_tables() {
        let webp = b"RIFF\x00\x00\x00\x00WEBPVP8 ".to_vec();
        let heic = b"\x00\x00\x00\x18ftypheic\x00\x00".to_vec();
        for (bytes, kind) in [
            (b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(), Some(FileKind::Image { format: "JPEG" })),
            (b"GIF89a\x01\x00".to_vec(), Some(FileKind::Image { format: "GIF" })),
            (webp, Some(FileKind::Image { format: "WebP" })),
            (heic, Some(FileKind::Image { format: "HEIC" })),
            (word_bytes(), Some(FileKind::WordDocument)),
            (workbook_bytes(), None),
            (b"company,city\n".to_vec(), None),
            (b"BMW,Munich\n".to_vec(), None),
        ] {
            assert_eq!(sniff(&bytes), kind, "{bytes:?}");
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
