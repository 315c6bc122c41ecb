//! Spreadsheet files: the first sheet of an uploaded workbook as text (XLSX, XLS and ODS, read by
//! calamine), and a minimal XLSX written for export.
//!
//! Reading keeps cell positions: row `i` of the result is spreadsheet row `i + 1` and column `j`
//! is column `j` (A = 0), so the importer's line numbers are the ones the user sees in Excel.
//!
//! Writing produces the smallest package Excel, WPS and LibreOffice open without repair: inline
//! strings (no shared-strings table), one style sheet with a bold header and an ISO date format,
//! the header row frozen, column widths fitted to the content. Zip entries carry the zip format's
//! earliest time (1980-01-01), so the same sheets always give the same bytes.

use super::date::Date;
use super::export::Cell;
use calamine::{Data, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsx};
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

/// Why an uploaded file cannot be read as a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XlsxError {
    /// Neither a zip (XLSX, ODS) nor an OLE2 (XLS) container: a text file, an image, a PDF…
    NotASpreadsheet,
    /// A zip without its end: the file was cut short (an interrupted download or copy).
    Truncated,
    /// A container whose contents are not a readable workbook: a zip without a workbook, damaged
    /// XML, a Word file renamed .xls…
    Corrupt,
    /// The workbook is encrypted; it must be saved without a password first.
    Password,
    /// The workbook has no worksheet (only charts, say).
    NoSheet,
    /// No bytes, or a first sheet without a single value.
    Empty,
}

/// One sheet to write: a header row, then the rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SheetData {
    /// Shown on the sheet's tab. Made valid as Excel requires: at most 31 characters, none of
    /// `[]:*?/\`, not empty, distinct ignoring case (a ` (2)` suffix).
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

type Source<'a> = Cursor<&'a [u8]>;

const OLE_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// A zip's first local file header, or the end record that is all of an empty zip.
const ZIP_SIGNATURES: [&[u8]; 2] = [b"PK\x03\x04", b"PK\x05\x06"];

/// The first visible worksheet as rows of text.
///
/// Cells become text as a user reads them: strings as they are; whole numbers without `.0`;
/// other numbers in their shortest form after rounding to the 15 significant digits Excel keeps
/// (so a computed 0.30000000000000004 reads 0.3, as Excel shows it); booleans `TRUE`/`FALSE`;
/// dates `YYYY-MM-DD`, with ` HH:MM:SS` when they have a time; times alone `HH:MM:SS`; errors as
/// Excel writes them (`#DIV/0!`). Trailing empty rows and columns are dropped and every row has
/// the same number of cells.
pub fn read_first_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, XlsxError> {
    read_sheet(bytes, None)
}

/// The worksheet called `sheet` (the first visible one for `None`) as rows of text, read as
/// [`read_first_sheet`] reads; [`XlsxError::NoSheet`] when no worksheet has that name.
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Vec<String>>, XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    let source = Cursor::new(bytes);
    let (range, epoch_1904) = if bytes.starts_with(OLE_SIGNATURE) {
        read_ole(source, sheet)?
    } else if ZIP_SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        read_zip(source, sheet)?
    } else {
        return Err(XlsxError::NotASpreadsheet);
    };
    let Some((top, left)) = range.start() else {
        return Err(XlsxError::Empty);
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (row, column, data) in range.used_cells() {
        let text = cell_text(data, epoch_1904);
        if text.is_empty() {
            continue;
        }
        let (row, column) = (top as usize + row, left as usize + column);
        if rows.len() <= row {
            rows.resize(row + 1, Vec::new());
        }
        let cells = &mut rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return Err(XlsxError::Empty);
    }
    for cells in &mut rows {
        cells.resize(width, String::new());
    }
    Ok(rows)
}

/// The names of the workbook's visible worksheets, in its order; none for a file that is not a
/// readable workbook.
pub fn worksheet_names(bytes: &[u8]) -> Vec<String> {
    fn names<'a, R: Reader<Source<'a>>>(book: &R) -> Vec<String> {
        let sheets = book.sheets_metadata().iter();
        let visible = sheets.filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible);
        visible.map(|s| s.name.clone()).collect()
    }
    let source = Cursor::new(bytes);
    if bytes.starts_with(OLE_SIGNATURE) {
        Xls::new(source).map(|book| names(&book)).unwrap_or_default()
    } else if ZIP_SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        match Xlsx::new(source.clone()) {
            Ok(book) => names(&book),
            Err(_) => Ods::new(source).map(|book| names(&book)).unwrap_or_default(),
        }
    } else {
        Vec::new()
    }
}

fn read_ole(source: Source, sheet: Option<&str>) -> Result<(Range<Data>, bool), XlsxError> {
    match Xls::new(source.clone()) {
        Ok(mut book) => Ok((pick_sheet(&mut book, sheet)?, book.has_1904_epoch())),
        Err(calamine::XlsError::Password) => Err(XlsxError::Password),
        // An encrypted XLSX is an OLE container too; calamine's XLSX reader recognises it.
        Err(_) if matches!(Xlsx::new(source), Err(calamine::XlsxError::Password)) => Err(XlsxError::Password),
        Err(_) => Err(XlsxError::Corrupt),
    }
}

fn read_zip(source: Source, sheet: Option<&str>) -> Result<(Range<Data>, bool), XlsxError> {
    // The directory a zip is read by sits at its very end: without it, the file was cut short.
    zip::ZipArchive::new(source.clone()).map_err(|_| XlsxError::Truncated)?;
    match Xlsx::new(source.clone()) {
        Ok(mut book) => Ok((pick_sheet(&mut book, sheet)?, book.has_1904_epoch())),
        Err(calamine::XlsxError::Password) => Err(XlsxError::Password),
        Err(_) => match Ods::new(source) {
            Ok(mut book) => Ok((pick_sheet(&mut book, sheet)?, false)),
            Err(calamine::OdsError::Password) => Err(XlsxError::Password),
            Err(_) => Err(XlsxError::Corrupt),
        },
    }
}

/// The cells of the worksheet named `sheet`, or of the first visible worksheet (the first hidden
/// one when all are hidden).
fn pick_sheet<'a, R: Reader<Source<'a>>>(book: &mut R, sheet: Option<&str>) -> Result<Range<Data>, XlsxError> {
    let sheets = book.sheets_metadata();
    let mut worksheets = sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    let found = match sheet {
        Some(name) => worksheets.find(|s| s.name == name),
        None => worksheets.clone().find(|s| s.visible == SheetVisible::Visible).or_else(|| worksheets.next()),
    };
    let name = found.ok_or(XlsxError::NoSheet)?.name.clone();
    book.worksheet_range(&name).map_err(|_| XlsxError::Corrupt)
}

fn cell_text(data: &Data, epoch_1904: bool) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(n) => number_text(*n),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        Data::Error(error) => error.to_string(),
        Data::DateTime(value) if value.is_duration() => clock_text(value.as_f64()),
        Data::DateTime(value) => serial_text(value.as_f64(), epoch_1904),
    }
}

fn number_text(n: f64) -> String {
    // Excel keeps 15 significant digits; what lies beyond is binary noise of a computation.
    let rounded: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        rounded.to_string()
    }
}

/// Days from Excel's day 0 (1899-12-30, as the 1900 system counts from day 61 on) to 1970-01-01.
const EXCEL_1900_TO_UNIX: i64 = 25_569;
/// Days between day 0 of the 1904 system (1904-01-01) and of the 1900 system.
const EXCEL_1904_OFFSET: i64 = 1_462;

/// An Excel date serial as `YYYY-MM-DD`, plus ` HH:MM:SS` when it has a time of day, or the time
/// alone for a serial below 1 (a time without a date).
fn serial_text(serial: f64, epoch_1904: bool) -> String {
    if serial < 1.0 {
        return clock_text(serial);
    }
    // Rounded to the second, so 23:59:59.9996 is the next day's midnight.
    let seconds = (serial * 86_400.0).round() as i64;
    let mut days = seconds.div_euclid(86_400);
    if epoch_1904 {
        days += EXCEL_1904_OFFSET;
    } else if days < 61 {
        // Excel counts a 29 February 1900 that never was: days 1–59 sit one later than they are.
        days += 1;
    }
    let date = Date::from_days((days - EXCEL_1900_TO_UNIX) as i32);
    let time = seconds.rem_euclid(86_400);
    if time == 0 {
        date.to_string()
    } else {
        format!("{date} {}", clock_text(time as f64 / 86_400.0))
    }
}

/// A fraction of a day (or, for durations, any number of days) as `HH:MM:SS`; hours go past 24
/// for durations.
fn clock_text(days: f64) -> String {
    let seconds = (days * 86_400.0).round() as i64;
    let sign = if seconds < 0 { "-" } else { "" };
    let seconds = seconds.abs();
    format!("{sign}{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// A workbook holding `sheets` in order, as XLSX bytes. An empty list gives one empty sheet: a
/// workbook needs at least one.
pub fn write_workbook(sheets: &[SheetData]) -> Vec<u8> {
    let fallback = [SheetData::default()];
    let sheets = if sheets.is_empty() { &fallback[..] } else { sheets };
    let names = sheet_names(sheets.iter().map(|s| s.name.as_str()));
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types(sheets.len())),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("xl/workbook.xml".into(), workbook(&names)),
        ("xl/_rels/workbook.xml.rels".into(), workbook_rels(sheets.len())),
        ("xl/styles.xml".into(), STYLES.into()),
    ];
    for (i, sheet) in sheets.iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), worksheet(sheet)));
    }
    zip_parts(&parts).expect("writing a zip to memory cannot fail")
}

fn zip_parts(parts: &[(String, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, content) in parts {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const SHEET_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" ",
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" ",
    "Target=\"xl/workbook.xml\"/></Relationships>"
);

/// Cell formats: 0 plain, 1 bold (the header), 2 ISO date.
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>",
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>",
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);
const HEADER_STYLE: u8 = 1;
const DATE_STYLE: u8 = 2;

fn content_types(sheets: usize) -> String {
    let mut xml = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{SHEET_TYPE}.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"{SHEET_TYPE}.styles+xml\"/>"
    );
    for n in 1..=sheets {
        let _ = write!(
            xml,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"{SHEET_TYPE}.worksheet+xml\"/>"
        );
    }
    xml.push_str("</Types>");
    xml
}

fn workbook(names: &[String]) -> String {
    let mut xml = format!("{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheets>");
    for (i, name) in names.iter().enumerate() {
        xml.push_str("<sheet name=\"");
        push_xml_text(&mut xml, name);
        let _ = write!(xml, "\" sheetId=\"{n}\" r:id=\"rId{n}\"/>", n = i + 1);
    }
    xml.push_str("</sheets></workbook>");
    xml
}

fn workbook_rels(sheets: usize) -> String {
    let mut xml =
        format!("{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for n in 1..=sheets {
        let _ =
            write!(xml, "<Relationship Id=\"rId{n}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>");
    }
    let _ = write!(xml, "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/>", sheets + 1);
    xml.push_str("</Relationships>");
    xml
}

/// Valid, distinct sheet names: at most 31 characters, none of `[]:*?/\`, no apostrophe at
/// either end, never empty (`Sheet<n>`), and a ` (2)`-style suffix where two would be equal
/// (Excel compares them ignoring case).
fn sheet_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    const MAX: usize = 31;
    let mut valid: Vec<String> = Vec::new();
    for (i, name) in names.enumerate() {
        let cleaned: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control()).collect();
        let cleaned = cleaned.trim().trim_matches('\'');
        let base = if cleaned.is_empty() { format!("Sheet{}", i + 1) } else { cleaned.to_owned() };
        let mut candidate = truncate_utf16(&base, MAX).to_owned();
        let mut n = 1;
        while valid.iter().any(|v| v.to_lowercase() == candidate.to_lowercase()) {
            n += 1;
            let suffix = format!(" ({n})");
            candidate = format!("{}{suffix}", truncate_utf16(&base, MAX - suffix.len()));
        }
        valid.push(candidate);
    }
    valid
}

/// The longest start of `text` within `max` UTF-16 units (Excel's unit for lengths).
fn truncate_utf16(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &text[..at];
        }
    }
    text
}

fn worksheet(sheet: &SheetData) -> String {
    let mut xml = format!(
        "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\"><sheetViews><sheetView workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
         <selection pane=\"bottomLeft\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
    );
    let widths = column_widths(sheet);
    if !widths.is_empty() {
        xml.push_str("<cols>");
        for (i, width) in widths.iter().enumerate() {
            let _ = write!(xml, "<col min=\"{n}\" max=\"{n}\" width=\"{width}\" customWidth=\"1\"/>", n = i + 1);
        }
        xml.push_str("</cols>");
    }
    xml.push_str("<sheetData><row r=\"1\">");
    for (column, name) in sheet.header.iter().enumerate() {
        push_text_cell(&mut xml, column, 1, name, HEADER_STYLE);
    }
    xml.push_str("</row>");
    for (i, cells) in sheet.rows.iter().enumerate() {
        let row = i + 2;
        let _ = write!(xml, "<row r=\"{row}\">");
        for (column, cell) in cells.iter().enumerate() {
            match cell {
                Cell::Text(text) => push_text_cell(&mut xml, column, row, text, 0),
                Cell::Number(n) if n.is_finite() => push_value_cell(&mut xml, column, row, n, 0),
                Cell::Integer(n) => push_value_cell(&mut xml, column, row, n, 0),
                Cell::Date(date) => match date_serial(*date) {
                    Some(serial) => push_value_cell(&mut xml, column, row, &serial, DATE_STYLE),
                    None => push_text_cell(&mut xml, column, row, &date.to_string(), 0),
                },
                Cell::Number(_) | Cell::Empty => {}
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// The 1900-system serial of `date`; none before 1900-01-01, which Excel cannot show as a date.
fn date_serial(date: Date) -> Option<i64> {
    let serial = i64::from(date.days()) + EXCEL_1900_TO_UNIX;
    match serial {
        ..=1 => None,
        2..=60 => Some(serial - 1),
        _ => Some(serial),
    }
}

/// `A`, `B`, … `Z`, `AA`, … for 0-based column `index`.
fn push_column_name(xml: &mut String, index: usize) {
    let start = xml.len();
    let mut n = index + 1;
    while n > 0 {
        n -= 1;
        xml.insert(start, char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
}

fn push_cell_start(xml: &mut String, column: usize, row: usize, style: u8) {
    xml.push_str("<c r=\"");
    push_column_name(xml, column);
    let _ = write!(xml, "{row}\"");
    if style != 0 {
        let _ = write!(xml, " s=\"{style}\"");
    }
}

fn push_value_cell(xml: &mut String, column: usize, row: usize, value: &dyn std::fmt::Display, style: u8) {
    push_cell_start(xml, column, row, style);
    let _ = write!(xml, "><v>{value}</v></c>");
}

fn push_text_cell(xml: &mut String, column: usize, row: usize, text: &str, style: u8) {
    if text.is_empty() {
        return;
    }
    push_cell_start(xml, column, row, style);
    xml.push_str(" t=\"inlineStr\"><is><t");
    // Without it, readers strip leading and trailing whitespace.
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        xml.push_str(" xml:space=\"preserve\"");
    }
    xml.push('>');
    push_xml_text(xml, truncate_utf16(text, MAX_CELL_TEXT));
    xml.push_str("</t></is></c>");
}

/// Excel refuses (and "repairs") a file with a longer cell.
const MAX_CELL_TEXT: usize = 32_767;

/// Appends `text` escaped for XML content and attributes. Characters XML 1.0 forbids (control
/// characters but tab and line breaks) are dropped; CR is written as a reference, as a raw one
/// would be read as a line break; `_xHHHH_`, which Excel reads as an escaped character, gets its
/// `_` escaped so it stays literal.
fn push_xml_text(xml: &mut String, text: &str) {
    for (at, c) in text.char_indices() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            '\r' => xml.push_str("&#13;"),
            '\t' | '\n' => xml.push(c),
            '_' if is_excel_escape(&text[at..]) => xml.push_str("_x005F_"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => xml.push(c),
        }
    }
}

/// Whether `text` starts with `_xHHHH_`.
fn is_excel_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes.starts_with(b"_x") && bytes[2..6].iter().all(u8::is_ascii_hexdigit) && bytes[6] == b'_'
}

/// Column widths in Excel's unit (the width of a digit) fitting the header and the content,
/// double for East Asian characters, within 8–60 so one long note does not make a wall.
fn column_widths(sheet: &SheetData) -> Vec<u32> {
    let columns = sheet.rows.iter().map(Vec::len).chain([sheet.header.len()]).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for (i, name) in sheet.header.iter().enumerate() {
        // Bold text runs wider.
        widths[i] = text_width(name) + 2;
    }
    for cells in &sheet.rows {
        for (i, cell) in cells.iter().enumerate() {
            let width = match cell {
                Cell::Text(text) => text_width(text),
                Cell::Number(n) => n.to_string().len() as u32,
                Cell::Integer(n) => n.to_string().len() as u32,
                Cell::Date(_) => 10,
                Cell::Empty => 0,
            };
            widths[i] = widths[i].max(width);
        }
    }
    widths.into_iter().map(|w| (w + 2).clamp(8, 60)).collect()
}

/// The widest line of `text`, East Asian (wide) characters counting twice.
fn text_width(text: &str) -> u32 {
    text.lines().map(|line| line.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn sheet(name: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> SheetData {
        SheetData { name: name.to_owned(), header: header.iter().map(|h| h.to_string()).collect(), rows }
    }

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    fn sample() -> SheetData {
        sheet(
            "客户",
            &["公司", "金额", "日期", "备注"],
            vec![
                vec![text("徐州重工机械有限公司"), Cell::Number(1234.5), Cell::Date(date("2024-03-01")), text("=1+1")],
                vec![text("A & B <Co> \"x\" 'y'"), Cell::Integer(-42), Cell::Empty, text("two\nlines")],
                vec![Cell::Empty, Cell::Number(0.1), Cell::Date(date("1999-12-31")), text("  padded  ")],
            ],
        )
    }

    #[test]
    fn round_trip() {
        let bytes = write_workbook(&[sample()]);
        assert_eq!(
            read_first_sheet(&bytes).unwrap(),
            strings(&[
                &["公司", "金额", "日期", "备注"],
                &["徐州重工机械有限公司", "1234.5", "2024-03-01", "=1+1"],
                &["A & B <Co> \"x\" 'y'", "-42", "", "two\nlines"],
                &["", "0.1", "1999-12-31", "  padded  "],
            ])
        );
    }

    #[test]
    fn text_round_trips_exactly() {
        for value in [
            "+86 138 0013 8000",
            "-1",
            "@SUM(A1)",
            "00123",
            "1.50",
            "TRUE",
            "2024-03-01",
            "tab\there",
            "cr\r\nlf",
            "_x000D_ stays literal",
            "_x41_ and _xZZZZ_",
            "emoji 😀 and 𠀀",
            "]]> <![CDATA[",
            "&amp; is literal",
        ] {
            let bytes = write_workbook(&[sheet("s", &["h"], vec![vec![text(value)]])]);
            assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["h"], &[value]]), "{value:?}");
        }
    }

    #[test]
    fn control_characters_are_dropped() {
        let bytes = write_workbook(&[sheet("s", &["h\u{1}"], vec![vec![text("a\u{0}b\u{1b}c\u{FFFF}")]])]);
        assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["h"], &["abc"]]));
    }

    #[test]
    fn numbers_and_dates_round_trip() {
        let cells = [
            (Cell::Integer(0), "0"),
            (Cell::Integer(13_800_138_000), "13800138000"),
            (Cell::Integer(-7), "-7"),
            (Cell::Number(2.0), "2"),
            (Cell::Number(-0.0), "0"),
            (Cell::Number(1234.56), "1234.56"),
            (Cell::Number(1e-7), "0.0000001"),
            (Cell::Number(f64::NAN), ""),
            (Cell::Date(date("2024-02-29")), "2024-02-29"),
            (Cell::Date(date("1900-03-01")), "1900-03-01"),
            (Cell::Date(date("1900-02-28")), "1900-02-28"),
            (Cell::Date(date("1900-01-01")), "1900-01-01"),
            (Cell::Date(date("1899-12-31")), "1899-12-31"),
            (Cell::Date(date("9999-12-31")), "9999-12-31"),
        ];
        for (cell, expected) in cells {
            let bytes = write_workbook(&[sheet("s", &["h", "x"], vec![vec![cell.clone(), text("x")]])]);
            assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["h", "x"], &[expected, "x"]]), "{cell:?}");
        }
    }

    #[test]
    fn trailing_empty_rows_and_columns_are_dropped_and_rows_padded() {
        let rows = vec![
            vec![text("a"), Cell::Empty, Cell::Empty],
            vec![],
            vec![Cell::Empty, text("b"), Cell::Empty, Cell::Empty],
            vec![Cell::Empty],
            vec![],
        ];
        let bytes = write_workbook(&[sheet("s", &["h1", "h2", ""], rows)]);
        assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["h1", "h2"], &["a", ""], &["", ""], &["", "b"]]));
    }

    #[test]
    fn leading_empty_rows_and_columns_keep_positions() {
        let rows = vec![vec![], vec![Cell::Empty, Cell::Empty, text("x")]];
        let bytes = write_workbook(&[sheet("s", &[], rows)]);
        assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["", "", ""], &["", "", ""], &["", "", "x"]]));
    }

    #[test]
    fn a_large_sheet_round_trips() {
        let rows: Vec<Vec<Cell>> = (0..10_000)
            .map(|i| {
                vec![
                    text(&format!("客户 {i}")),
                    Cell::Integer(i),
                    Cell::Number(i as f64 / 4.0),
                    Cell::Date(date("2020-01-01").add_days(i as i32)),
                ]
            })
            .collect();
        let bytes = write_workbook(&[sheet("big", &["a", "b", "c", "d"], rows)]);
        let read = read_first_sheet(&bytes).unwrap();
        assert_eq!(read.len(), 10_001);
        assert_eq!(read[10_000], ["客户 9999", "9999", "2499.75", "2047-05-18"]);
        assert!(bytes.len() < 400_000, "deflated: {} bytes", bytes.len());
    }

    #[test]
    fn writing_is_deterministic() {
        let sheets = [sample(), sheet("Other", &["x"], vec![vec![Cell::Integer(1)]])];
        assert_eq!(write_workbook(&sheets), write_workbook(&sheets));
    }

    #[test]
    fn the_package_has_its_parts() {
        let bytes = write_workbook(&[sample(), sheet("二", &["x"], vec![])]);
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let names: Vec<String> = archive.file_names().map(|n| n.unwrap().into_owned()).collect();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ] {
            assert!(names.iter().any(|n| n == part), "{part} in {names:?}");
        }
        let entry = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
        drop(entry);
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("state=\"frozen\""));
        assert!(xml.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"), "bold header");
        assert!(xml.contains("<c r=\"C2\" s=\"2\"><v>45352</v></c>"), "date serial with the date style");
    }

    #[test]
    fn every_sheet_is_written_and_the_first_is_read() {
        let bytes = write_workbook(&[sheet("One", &["1"], vec![]), sheet("Two", &["2"], vec![])]);
        let mut book = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        assert_eq!(book.sheet_names(), ["One", "Two"]);
        let second = book.worksheet_range("Two").unwrap();
        assert_eq!(second.get_value((0, 0)), Some(&Data::String("2".into())));
        assert_eq!(read_first_sheet(&bytes).unwrap(), strings(&[&["1"]]));
        assert_eq!(read_sheet(&bytes, Some("Two")).unwrap(), strings(&[&["2"]]));
        assert_eq!(read_sheet(&bytes, Some("Three")), Err(XlsxError::NoSheet));
        assert_eq!(worksheet_names(&bytes), ["One", "Two"]);
        assert_eq!(worksheet_names(b"company,city\n"), Vec::<String>::new());
    }

    #[test]
    fn no_sheets_still_make_a_workbook() {
        let bytes = write_workbook(&[]);
        assert_eq!(Xlsx::new(Cursor::new(&bytes[..])).unwrap().sheet_names(), ["Sheet1"]);
        assert_eq!(read_first_sheet(&bytes), Err(XlsxError::Empty));
    }

    #[test]
    fn sheet_names_are_made_valid() {
        let long = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三";
        for (names, expected) in [
            (vec!["客户"], vec!["客户"]),
            (vec!["a/b\\c[d]e:f*g?h"], vec!["abcdefgh"]),
            (vec!["", "  ", "'"], vec!["Sheet1", "Sheet2", "Sheet3"]),
            (vec!["'quoted'"], vec!["quoted"]),
            (vec![long], vec!["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"]),
            (vec!["Data", "data", "DATA"], vec!["Data", "data (2)", "DATA (3)"]),
            (vec![long, long], vec![&long[..31 * 3], &format!("{} (2)", &long[..27 * 3])]),
            (vec!["😀".repeat(20).as_str()], vec!["😀".repeat(15).as_str()]),
        ] {
            let valid = sheet_names(names.iter().copied());
            assert_eq!(valid, expected, "{names:?}");
        }
    }

    #[test]
    fn written_sheet_names_are_read_back() {
        let bytes = write_workbook(&[sheet("A&B <1>", &["x"], vec![]), sheet("a&b <1>", &["y"], vec![])]);
        assert_eq!(Xlsx::new(Cursor::new(&bytes[..])).unwrap().sheet_names(), ["A&B <1>", "a&b <1> (2)"]);
    }

    #[test]
    fn column_names() {
        for (index, name) in
            [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")]
        {
            let mut out = String::from("<");
            push_column_name(&mut out, index);
            assert_eq!(out, format!("<{name}"), "{index}");
        }
    }

    #[test]
    fn date_serials_follow_excel() {
        for (day, serial) in [
            ("1899-12-31", None),
            ("1900-01-01", Some(1)),
            ("1900-02-28", Some(59)),
            ("1900-03-01", Some(61)),
            ("1970-01-01", Some(25_569)),
            ("2024-03-01", Some(45_352)),
        ] {
            assert_eq!(date_serial(date(day)), serial, "{day}");
        }
    }

    #[test]
    fn serials_read_as_dates_and_times() {
        for (serial, epoch_1904, expected) in [
            (1.0, false, "1900-01-01"),
            (59.0, false, "1900-02-28"),
            (61.0, false, "1900-03-01"),
            (45_352.0, false, "2024-03-01"),
            (45_352.5, false, "2024-03-01 12:00:00"),
            (45_352.999_999_9, false, "2024-03-02"),
            (45_352.0 + 1.0 / 86_400.0, false, "2024-03-01 00:00:01"),
            (0.75, false, "18:00:00"),
            (0.0, false, "00:00:00"),
            (0.0 + 1.0, true, "1904-01-02"),
            (43_890.0, true, "2024-03-01"),
        ] {
            assert_eq!(serial_text(serial, epoch_1904), expected, "{serial} {epoch_1904}");
        }
        assert_eq!(clock_text(1.5), "36:00:00");
    }

    #[test]
    fn cell_values_as_text() {
        use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
        for (data, expected) in [
            (Data::Empty, ""),
            (Data::String("张伟".into()), "张伟"),
            (Data::Int(13_800_138_000), "13800138000"),
            (Data::Float(3.0), "3"),
            (Data::Float(-0.0), "0"),
            (Data::Float(0.1 + 0.2), "0.3"),
            (Data::Float(1234.5678), "1234.5678"),
            (Data::Float(1e21), "1000000000000000000000"),
            (Data::Float(123_456_789_012_345_680.0), "123456789012346000"),
            (Data::Bool(true), "TRUE"),
            (Data::Bool(false), "FALSE"),
            (Data::Error(CellErrorType::Div0), "#DIV/0!"),
            (Data::Error(CellErrorType::NA), "#N/A"),
            (Data::DateTimeIso("2024-03-01".into()), "2024-03-01"),
            (Data::DateTime(ExcelDateTime::new(45_352.0, ExcelDateTimeType::DateTime, false)), "2024-03-01"),
            (Data::DateTime(ExcelDateTime::new(1.25, ExcelDateTimeType::TimeDelta, false)), "30:00:00"),
        ] {
            assert_eq!(cell_text(&data, false), expected, "{data:?}");
        }
    }

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let parts: Vec<(String, String)> = files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        zip_parts(&parts).unwrap()
    }

    /// A minimal ODS package, its manifest declaring `entry` (where encryption shows).
    fn ods(entry: &str) -> Vec<u8> {
        let manifest = format!(
            "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
             <manifest:file-entry manifest:full-path=\"content.xml\">{entry}</manifest:file-entry>\
             </manifest:manifest>"
        );
        let content = concat!(
            "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" ",
            "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" ",
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">",
            "<office:body><office:spreadsheet><table:table table:name=\"客户\">",
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>公司</text:p></table:table-cell>",
            "<table:table-cell office:value-type=\"string\"><text:p>日期</text:p></table:table-cell></table:table-row>",
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>三一</text:p></table:table-cell>",
            "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-01\"><text:p>2024/3/1</text:p>",
            "</table:table-cell></table:table-row>",
            "</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", &manifest),
            ("content.xml", content),
        ])
    }

    #[test]
    fn an_ods_file_is_read() {
        assert_eq!(read_first_sheet(&ods("")).unwrap(), strings(&[&["公司", "日期"], &["三一", "2024-03-01"]]));
        assert_eq!(read_first_sheet(&ods("<manifest:encryption-data/>")), Err(XlsxError::Password));
    }

    #[test]
    fn files_that_are_not_workbooks() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        let mut ole = OLE_SIGNATURE.to_vec();
        ole.extend_from_slice(&[0; 600]);
        let docx = zip_of(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]);
        let empty_zip = zip_of(&[]);
        let broken_xml = zip_of(&[("_rels/.rels", "<Relationships><Relationship"), ("xl/workbook.xml", "<workbook")]);
        for (what, bytes, error) in [
            ("nothing", &b""[..], XlsxError::Empty),
            ("a text file", "公司,电话\n三一,123\n".as_bytes(), XlsxError::NotASpreadsheet),
            ("a png", &png[..], XlsxError::NotASpreadsheet),
            ("PK alone", b"PK", XlsxError::NotASpreadsheet),
            ("a zip header and nothing else", b"PK\x03\x04\x14\0\0\0", XlsxError::Truncated),
            ("an ole container without a workbook", &ole, XlsxError::Corrupt),
            ("a docx", &docx, XlsxError::Corrupt),
            ("an empty zip", &empty_zip, XlsxError::Corrupt),
            ("broken xml", &broken_xml, XlsxError::Corrupt),
        ] {
            assert_eq!(read_first_sheet(bytes), Err(error), "{what}");
        }
    }

    #[test]
    fn a_workbook_cut_anywhere_is_an_error_never_a_panic() {
        let bytes = write_workbook(&[sample(), sheet("二", &["x"], vec![vec![text("y")]])]);
        for end in 0..bytes.len() {
            let expected = match end {
                0 => XlsxError::Empty,
                // Less than a zip signature.
                1..=3 => XlsxError::NotASpreadsheet,
                _ => XlsxError::Truncated,
            };
            assert_eq!(read_first_sheet(&bytes[..end]), Err(expected), "cut at {end} of {}", bytes.len());
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_never_a_panic() {
        let bytes = write_workbook(&[sample()]);
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5A;
            // Some flips land in bytes nothing reads; the rest must fail cleanly.
            let _ = read_first_sheet(&damaged);
        }
    }
}
