//! Tables as CSV for Excel and WPS: RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order
//! mark (without it Excel reads UTF-8 as the system's ANSI code page) or GBK (what older Chinese
//! Excel installs expect).
//!
//! Text cells that a spreadsheet would run as a formula get a leading `'` (CSV injection,
//! OWASP): a cell reading `=HYPERLINK(…)` or `-2+3` comes back as text, shown with its `'`.
//! Number cells are written as numbers, negative ones included.

use super::{Cell, ExportError};
use encoding_rs::{Encoder, EncoderResult, GBK};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 starting with a byte-order mark.
    Utf8Bom,
    /// GBK; a character outside it is an [`ExportError::Unencodable`], never a silent `?`.
    Gbk,
}

/// The table as CSV bytes: the header line, then one line per row.
pub fn write_csv(header: &[String], rows: &[Vec<Cell>], encoding: CsvEncoding) -> Result<Vec<u8>, ExportError> {
    let mut out = Sink::new(encoding);
    let mut field = String::new();
    for (column, name) in header.iter().enumerate() {
        field.clear();
        push_text(&mut field, name);
        out.field(&field).map_err(|character| ExportError::UnencodableHeader { column, character })?;
    }
    out.end_line();
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            field.clear();
            match cell {
                Cell::Text(text) => push_text(&mut field, text),
                Cell::Number(n) if n.is_finite() => field.push_str(&n.to_string()),
                Cell::Integer(n) => field.push_str(&n.to_string()),
                Cell::Date(date) => field.push_str(&date.to_string()),
                Cell::Number(_) | Cell::Empty => {}
            }
            out.field(&field).map_err(|character| ExportError::Unencodable { row, column, character })?;
        }
        out.end_line();
    }
    Ok(out.bytes)
}

/// Appends a text field: escaped against formula injection, then quoted when it has to be.
fn push_text(out: &mut String, text: &str) {
    let escape = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = text.contains([',', '"', '\r', '\n']) || text.starts_with([' ', '\t']) || text.ends_with([' ', '\t']);
    if quote {
        out.push('"');
    }
    if escape {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// Where fields go: UTF-8 bytes as they are, or through the GBK encoder. Separators and line
/// ends are ASCII, the same bytes in both.
struct Sink {
    bytes: Vec<u8>,
    gbk: Option<Encoder>,
    at_line_start: bool,
}

impl Sink {
    fn new(encoding: CsvEncoding) -> Sink {
        match encoding {
            CsvEncoding::Utf8Bom => Sink { bytes: b"\xEF\xBB\xBF".to_vec(), gbk: None, at_line_start: true },
            CsvEncoding::Gbk => Sink { bytes: Vec::new(), gbk: Some(GBK.new_encoder()), at_line_start: true },
        }
    }

    /// Appends a field (with its separator), or the first character the encoding lacks.
    fn field(&mut self, text: &str) -> Result<(), char> {
        if !self.at_line_start {
            self.bytes.push(b',');
        }
        self.at_line_start = false;
        let Some(encoder) = &mut self.gbk else {
            self.bytes.extend_from_slice(text.as_bytes());
            return Ok(());
        };
        let mut rest = text;
        loop {
            // GBK takes at most 2 bytes for a character UTF-8 writes in 1 to 4.
            self.bytes.reserve(rest.len() * 2);
            let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, &mut self.bytes, false);
            rest = &rest[read..];
            match result {
                EncoderResult::InputEmpty => return Ok(()),
                EncoderResult::OutputFull => {}
                EncoderResult::Unmappable(c) => return Err(c),
            }
        }
    }

    fn end_line(&mut self) {
        self.bytes.extend_from_slice(b"\r\n");
        self.at_line_start = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;

    fn csv(header: &[&str], rows: &[Vec<Cell>], encoding: CsvEncoding) -> Result<Vec<u8>, ExportError> {
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        write_csv(&header, rows, encoding)
    }

    fn utf8(header: &[&str], rows: &[Vec<Cell>]) -> String {
        let bytes = csv(header, rows, CsvEncoding::Utf8Bom).unwrap();
        String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM first").to_vec()).unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn quoting() {
        for (value, field) in [
            ("plain", "plain"),
            ("中文 名称", "中文 名称"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\rlf", "\"cr\rlf\""),
            (" leading", "\" leading\""),
            ("trailing ", "\"trailing \""),
            ("inner space", "inner space"),
            ("", ""),
            ("'quoted'", "'quoted'"),
            ("全角，逗号", "全角，逗号"),
        ] {
            assert_eq!(utf8(&["h"], &[vec![text(value)]]), format!("h\r\n{field}\r\n"), "{value:?}");
        }
    }

    #[test]
    fn formula_like_text_is_escaped_and_numbers_are_not() {
        for (cell, field) in [
            (text("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0"),
            (text("+1"), "'+1"),
            (text("-1"), "'-1"),
            (Cell::Integer(-1), "-1"),
            (Cell::Number(-2.5), "-2.5"),
            (text("@SUM(A1:A9)"), "'@SUM(A1:A9)"),
            (text("\tx"), "\"'\tx\""),
            (text("\rx"), "\"'\rx\""),
            (text("=1,2"), "\"'=1,2\""),
            (text("a=b"), "a=b"),
            (text("1-2"), "1-2"),
            (text("+86 138 0013 8000"), "'+86 138 0013 8000"),
        ] {
            assert_eq!(utf8(&["h"], &[vec![cell.clone()]]), format!("h\r\n{field}\r\n"), "{cell:?}");
        }
        assert_eq!(utf8(&["=h"], &[]), "'=h\r\n");
    }

    #[test]
    fn cells_by_type_and_line_layout() {
        let rows = vec![
            vec![Cell::Integer(42), Cell::Number(1234.5), Cell::Date(Date::from_ymd(2024, 3, 1).unwrap())],
            vec![Cell::Empty, Cell::Number(0.1), text("x")],
            vec![Cell::Number(f64::NAN)],
            vec![],
        ];
        assert_eq!(utf8(&["a", "b", "c"], &rows), "a,b,c\r\n42,1234.5,2024-03-01\r\n,0.1,x\r\n\r\n\r\n");
    }

    #[test]
    fn utf8_starts_with_a_bom_and_gbk_does_not() {
        let rows = vec![vec![text("长沙中联重科"), text("挖掘机; 装载机")]];
        let bom = csv(&["公司", "产品"], &rows, CsvEncoding::Utf8Bom).unwrap();
        assert!(bom.starts_with(b"\xEF\xBB\xBF"));
        let gbk = csv(&["公司", "产品"], &rows, CsvEncoding::Gbk).unwrap();
        assert!(!gbk.starts_with(b"\xEF\xBB\xBF"));
        assert!(gbk.len() < bom.len(), "two bytes per Chinese character instead of three");
    }

    #[test]
    fn gbk_decodes_back_to_the_same_text() {
        let header = ["公司", "联系人", "备注"];
        let rows = vec![
            vec![text("徐州工程机械集团有限公司"), text("张伟"), text("价格敏感，\"急\"\n需回访")],
            vec![text("Acme Co., Ltd."), Cell::Integer(-3), text("€ ￥ 々 〇 ①")],
        ];
        let gbk = csv(&header, &rows, CsvEncoding::Gbk).unwrap();
        let (decoded, had_errors) = GBK.decode_without_bom_handling(&gbk);
        assert!(!had_errors);
        assert_eq!(decoded, utf8(&header, &rows));
    }

    #[test]
    fn characters_outside_gbk_name_their_cell() {
        let rows = vec![vec![text("ok"), text("fine")], vec![text("ok"), Cell::Integer(1), text("great 👍 deal")]];
        assert_eq!(
            csv(&["a", "b", "c"], &rows, CsvEncoding::Gbk),
            Err(ExportError::Unencodable { row: 1, column: 2, character: '👍' })
        );
        assert_eq!(
            csv(&["a", "b 😀"], &rows, CsvEncoding::Gbk),
            Err(ExportError::UnencodableHeader { column: 1, character: '😀' })
        );
        // The same rows are fine in UTF-8.
        assert!(csv(&["a", "b 😀"], &rows, CsvEncoding::Utf8Bom).is_ok());
    }
}
