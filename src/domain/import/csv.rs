//! Delimited text to a table: RFC 4180 plus what real exports do.
//!
//! - The delimiter is guessed among [`DELIMITERS`] (see [`sniff_delimiter`]).
//! - Quoted fields take `""` for a quote, and delimiters and line breaks inside; spaces before
//!   the opening quote are skipped and text after the closing quote is kept (`"5" pipe`), as
//!   spreadsheets read them. A quote inside an unquoted field is an ordinary character.
//! - Lines end with CRLF, LF or a lone CR; line breaks inside quoted fields become LF.
//! - Unquoted fields are trimmed. Rows whose cells are all blank (empty lines, `,,,` rows that
//!   Excel writes below the data) are skipped, keeping the line numbers of the others.
//! - Rows with more or fewer cells than the header are kept as they are; the conversion reports
//!   them with their line.

use super::fold_key;
use std::collections::HashMap;

/// The delimiters recognised, in order of preference when two fit a file equally well. The
/// full-width comma comes from Chinese exports typed with an input method.
pub const DELIMITERS: [char; 5] = [',', '\t', ';', '|', '，'];

/// Records looked at to guess the delimiter.
const SNIFF_RECORDS: usize = 20;

/// A header row and the rows under it, each with the line it starts on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names, trimmed; an empty name is a column without a header ("column N" to the UI).
    pub header: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based physical line in the file where the row starts (row number in a spreadsheet).
    pub line: usize,
    pub cells: Vec<String>,
}

/// Why a text cannot be read as a table. All are fatal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// No row at all.
    NoHeader,
    /// A quote opened on `line` in field `column` (0-based) is never closed: the rest of the file
    /// would be one cell.
    UnclosedQuote { line: usize, column: usize },
    /// Header `column` (0-based) has the same name as header `first`, compared as column names
    /// are matched (case, width, spaces and punctuation ignored).
    DuplicateHeader { first: usize, column: usize, name: String },
    /// The header is a single column while most rows are split by `delimiter` (first seen on
    /// `line`): the header and the rows disagree on the delimiter, or values contain it unquoted.
    /// Read as one column, every row would become one garbled company name.
    WrongDelimiter { delimiter: char, line: usize },
}

impl Table {
    /// A table from rows read elsewhere (a spreadsheet): the first non-blank row is the header,
    /// row `i` is line `i + 1`, blank rows are skipped.
    pub fn from_rows(rows: Vec<Vec<String>>) -> Result<Table, CsvError> {
        let mut rows = rows
            .into_iter()
            .enumerate()
            .filter(|(_, cells)| !is_blank(cells))
            .map(|(i, cells)| TableRow { line: i + 1, cells });
        let header = header(rows.next())?;
        Ok(Table { header, rows: rows.collect() })
    }
}

/// Reads `text`, its delimiter guessed.
pub fn parse(text: &str) -> Result<Table, CsvError> {
    parse_with(text, sniff_delimiter(text)?)
}

/// Reads `text` split by `delimiter` (the user's choice, or the guess).
pub fn parse_with(text: &str, delimiter: char) -> Result<Table, CsvError> {
    let (header, records) = records(text, delimiter)?;
    Ok(Table { header, rows: records.collect::<Result<_, _>>()? })
}

/// The header of `text` split by `delimiter`, and its rows one at a time: a large file's cells
/// are never all held.
pub fn records(text: &str, delimiter: char) -> Result<(Vec<String>, Records<'_>), CsvError> {
    let mut reader = Reader::new(text, delimiter);
    let header = header(reader.next_record()?)?;
    Ok((header, Records(Some(reader))))
}

/// The rows under a header, in file order; after an error there are no more.
pub struct Records<'a>(Option<Reader<'a>>);

impl Iterator for Records<'_> {
    type Item = Result<TableRow, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let next = self.0.as_mut()?.next_record().transpose();
        if !matches!(next, Some(Ok(_))) {
            self.0 = None;
        }
        next
    }
}

/// The delimiter that splits the first records most consistently: the header must have at least
/// two fields, then the most records with as many fields as the header win, then the most
/// fields, then the order of [`DELIMITERS`]. When no delimiter splits the header, the file is one
/// column (split on commas, so stray ones show as extra cells) unless most rows are split by one
/// of them: that is [`CsvError::WrongDelimiter`], not a list of names.
pub fn sniff_delimiter(text: &str) -> Result<char, CsvError> {
    struct Fit {
        delimiter: char,
        header: usize,
        /// Records after the header in the sample.
        rows: usize,
        matching: usize,
        split: usize,
        first_split: Option<usize>,
    }
    let fits: Vec<Fit> = DELIMITERS
        .iter()
        .map(|&delimiter| {
            let mut reader = Reader::new(text, delimiter);
            let mut counts = Vec::new();
            // A sample cut short by an unclosed quote is judged on what was read; parsing
            // reports the quote.
            while counts.len() < SNIFF_RECORDS {
                match reader.next_record() {
                    Ok(Some(row)) => counts.push((row.line, row.cells.len())),
                    _ => break,
                }
            }
            let header = counts.first().map_or(0, |&(_, n)| n);
            let data = counts.get(1..).unwrap_or_default();
            Fit {
                delimiter,
                header,
                rows: data.len(),
                matching: data.iter().filter(|&&(_, n)| n == header).count(),
                split: data.iter().filter(|&&(_, n)| n >= 2).count(),
                first_split: data.iter().find(|&&(_, n)| n >= 2).map(|&(line, _)| line),
            }
        })
        .collect();
    let best = fits.iter().filter(|f| f.header >= 2).max_by(|a, b| {
        (a.matching, a.header).cmp(&(b.matching, b.header)).then(position(b.delimiter).cmp(&position(a.delimiter)))
    });
    if let Some(best) = best {
        return Ok(best.delimiter);
    }
    let splitting = fits.iter().filter(|f| f.split > 0 && f.split * 2 >= f.rows).max_by_key(|f| f.split);
    match splitting {
        Some(fit) => Err(CsvError::WrongDelimiter { delimiter: fit.delimiter, line: fit.first_split.unwrap_or(1) }),
        None => Ok(DELIMITERS[0]),
    }
}

fn position(delimiter: char) -> usize {
    DELIMITERS.iter().position(|&d| d == delimiter).unwrap_or(DELIMITERS.len())
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// The header names from the first row: trimmed, a stray byte-order mark dropped, no two alike.
fn header(first: Option<TableRow>) -> Result<Vec<String>, CsvError> {
    let first = first.ok_or(CsvError::NoHeader)?;
    let names: Vec<String> = first
        .cells
        .iter()
        .enumerate()
        .map(|(i, name)| if i == 0 { name.trim_start_matches('\u{FEFF}') } else { name }.trim().to_owned())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (column, name) in names.iter().enumerate() {
        let key = fold_key(name);
        if key.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(&key) {
            return Err(CsvError::DuplicateHeader { first, column, name: name.clone() });
        }
        seen.insert(key, column);
    }
    Ok(names)
}

enum FieldEnd {
    Delimiter,
    Record,
}

/// A forward-only reader of records. It works on bytes: every byte it stops at (quote, line
/// break, the delimiter's first byte) starts a character, so slicing there is safe.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: [u8; 4],
    delimiter_len: usize,
    /// Whether tabs before an opening quote are padding (not when tab is the delimiter).
    tab_is_space: bool,
    /// Cells in the previous record, to size the next one.
    width: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, delimiter: char) -> Reader<'a> {
        let mut bytes = [0; 4];
        let delimiter_len = delimiter.encode_utf8(&mut bytes).len();
        Reader { text, pos: 0, line: 1, delimiter: bytes, delimiter_len, tab_is_space: delimiter != '\t', width: 0 }
    }

    fn delimiter(&self) -> &[u8] {
        &self.delimiter[..self.delimiter_len]
    }

    /// The next record that has a non-blank cell, or `None` at the end of the text.
    fn next_record(&mut self) -> Result<Option<TableRow>, CsvError> {
        while self.pos < self.text.len() {
            let line = self.line;
            let mut cells = Vec::with_capacity(self.width);
            loop {
                let (cell, end) = self.field(cells.len())?;
                cells.push(cell);
                if let FieldEnd::Record = end {
                    break;
                }
            }
            if !is_blank(&cells) {
                self.width = cells.len();
                return Ok(Some(TableRow { line, cells }));
            }
        }
        Ok(None)
    }

    fn field(&mut self, column: usize) -> Result<(String, FieldEnd), CsvError> {
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        while start < bytes.len() && (bytes[start] == b' ' || (bytes[start] == b'\t' && self.tab_is_space)) {
            start += 1;
        }
        if bytes.get(start) == Some(&b'"') {
            return self.quoted(start, column);
        }
        let end = self.scan(self.pos);
        let cell = self.text[self.pos..end].trim().to_owned();
        Ok((cell, self.end_field(end)))
    }

    fn quoted(&mut self, open: usize, column: usize) -> Result<(String, FieldEnd), CsvError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let open_line = self.line;
        let mut cell = String::new();
        let mut p = open + 1;
        loop {
            let Some(close) = bytes[p..].iter().position(|&b| b == b'"').map(|i| p + i) else {
                return Err(CsvError::UnclosedQuote { line: open_line, column });
            };
            self.line += push_quoted(&mut cell, &text[p..close]);
            if bytes.get(close + 1) == Some(&b'"') {
                cell.push('"');
                p = close + 2;
            } else {
                p = close + 1;
                break;
            }
        }
        let end = self.scan(p);
        cell.push_str(text[p..end].trim_end());
        Ok((cell, self.end_field(end)))
    }

    /// Where unquoted text from `p` ends: the next delimiter, line break or the end of the text.
    fn scan(&self, mut p: usize) -> usize {
        let bytes = self.text.as_bytes();
        let first = self.delimiter[0];
        while p < bytes.len() {
            let b = bytes[p];
            if b == b'\n' || b == b'\r' || (b == first && bytes[p..].starts_with(self.delimiter())) {
                break;
            }
            p += 1;
        }
        p
    }

    /// Moves past the delimiter or line break at `p`.
    fn end_field(&mut self, p: usize) -> FieldEnd {
        let bytes = self.text.as_bytes();
        self.pos = p;
        if p >= bytes.len() {
            FieldEnd::Record
        } else if bytes[p..].starts_with(self.delimiter()) {
            self.pos += self.delimiter_len;
            FieldEnd::Delimiter
        } else {
            self.pos += if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') { 2 } else { 1 };
            self.line += 1;
            FieldEnd::Record
        }
    }
}

/// Appends a stretch of quoted text with its line breaks made LF; returns how many it held.
fn push_quoted(cell: &mut String, part: &str) -> usize {
    if !part.contains('\r') {
        cell.push_str(part);
        return part.bytes().filter(|&b| b == b'\n').count();
    }
    let mut breaks = 0;
    let mut chars = part.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
        }
        if c == '\r' || c == '\n' {
            breaks += 1;
            cell.push('\n');
        } else {
            cell.push(c);
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, cells: &[&str]) -> TableRow {
        TableRow { line, cells: cells.iter().map(|c| c.to_string()).collect() }
    }

    fn table(header: &[&str], rows: &[(usize, &[&str])]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: rows.iter().map(|&(line, cells)| row(line, cells)).collect(),
        }
    }

    #[test]
    fn reads_tables() {
        for (name, text, expected) in [
            ("plain", "a,b\n1,2\n", table(&["a", "b"], &[(2, &["1", "2"])])),
            ("no final line break", "a,b\n1,2", table(&["a", "b"], &[(2, &["1", "2"])])),
            ("crlf", "a,b\r\n1,2\r\n3,4\r\n", table(&["a", "b"], &[(2, &["1", "2"]), (3, &["3", "4"])])),
            ("cr", "a,b\r1,2\r3,4", table(&["a", "b"], &[(2, &["1", "2"]), (3, &["3", "4"])])),
            ("blank lines", "\na,b\n\n1,2\n \n,\n3,4\n\n", table(&["a", "b"], &[(4, &["1", "2"]), (7, &["3", "4"])])),
            ("trimmed", " a , b \n 1 ,\t2\t\n", table(&["a", "b"], &[(2, &["1", "2"])])),
            ("quoted keeps spaces", "a,b\n\" 1 \",2\n", table(&["a", "b"], &[(2, &[" 1 ", "2"])])),
            ("escaped quotes", "a,b\n\"say \"\"hi\"\"\",\"\"\n", table(&["a", "b"], &[(2, &["say \"hi\"", ""])])),
            ("delimiter inside quotes", "a,b\n\"x,y\",2\n", table(&["a", "b"], &[(2, &["x,y", "2"])])),
            ("space before quote", "a,b\n1, \"x,y\"\n", table(&["a", "b"], &[(2, &["1", "x,y"])])),
            ("text after quote", "a,b\n\"5\" pipe,2\n", table(&["a", "b"], &[(2, &["5 pipe", "2"])])),
            ("quote inside unquoted", "a,b\n5\" pipe,2\n", table(&["a", "b"], &[(2, &["5\" pipe", "2"])])),
            ("empty cells", "a,b,c\n,,x\n", table(&["a", "b", "c"], &[(2, &["", "", "x"])])),
            ("trailing delimiter", "a,b,\n1,2,\n", table(&["a", "b", ""], &[(2, &["1", "2", ""])])),
            ("ragged", "a,b\n1\n1,2,3\n", table(&["a", "b"], &[(2, &["1"]), (3, &["1", "2", "3"])])),
            ("bom", "\u{FEFF}a,b\n1,2\n", table(&["a", "b"], &[(2, &["1", "2"])])),
            ("header only", "a,b\n", table(&["a", "b"], &[])),
            ("html is data", "a\n<script>alert(1)</script>\n", table(&["a"], &[(2, &["<script>alert(1)</script>"])])),
        ] {
            assert_eq!(parse(text), Ok(expected), "{name}");
        }
    }

    #[test]
    fn embedded_line_breaks_keep_later_line_numbers() {
        let text =
            "company,address\n\"Acme\",\"line 1\r\nline 2\rline 3\nline 4\"\nBeta,x\n\n\"Gamma\nLtd\",y\nDelta,z\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.rows[0], row(2, &["Acme", "line 1\nline 2\nline 3\nline 4"]));
        assert_eq!(parsed.rows[1], row(6, &["Beta", "x"]));
        assert_eq!(parsed.rows[2], row(8, &["Gamma\nLtd", "y"]));
        assert_eq!(parsed.rows[3], row(10, &["Delta", "z"]));
    }

    #[test]
    fn guesses_the_delimiter() {
        for (name, text, delimiter) in [
            ("comma", "a,b,c\n1,2,3\n", ','),
            ("semicolon", "a;b;c\n1;2,5;3\n4;5;6\n", ';'),
            ("tab", "a\tb\n1\t2, 3\n", '\t'),
            ("pipe", "a|b\n1|2\n", '|'),
            ("full-width comma", "公司名称，电话\n三一，123\n", '，'),
            ("commas in text of a tab file", "a\tb\tc\nx, y\t2\t3\n", '\t'),
            ("quoted delimiters do not count", "a;b\n\"x,y,z\";2\n\"p,q,r\";3\n", ';'),
            ("single column", "company\nAcme\nBeta\n", ','),
            ("single column with a stray comma", "company\nAcme\nGekko, Ltd\nBeta\nGamma\n", ','),
            ("header only", "a;b\n", ';'),
            ("more consistent wins", "a,b;c\n1,2;3\n4;5,6;7\n8,9;0\n", ','),
        ] {
            assert_eq!(sniff_delimiter(text), Ok(delimiter), "{name}");
        }
        let semicolons = parse("name;city\nAcme;Lyon\n").unwrap();
        assert_eq!(semicolons.rows[0].cells, ["Acme", "Lyon"]);
        let tabs = parse("name\tcity\nAcme, Inc\tLyon\n").unwrap();
        assert_eq!(tabs.rows[0].cells, ["Acme, Inc", "Lyon"]);
    }

    #[test]
    fn a_single_column_header_over_split_rows_is_a_wrong_delimiter() {
        for (name, text, delimiter, line) in [
            ("rows split, header not", "Customers\nAcme;FR;Lyon\nBeta;DE;Bonn\n", ';', 2),
            ("mixed counts", "company\nA,1\nB,1,2\nC\nD,1,2,3\n", ',', 2),
            ("blank lines before", "company\n\nA|1\nB|2\n", '|', 3),
        ] {
            assert_eq!(parse(text), Err(CsvError::WrongDelimiter { delimiter, line }), "{name}");
        }
    }

    #[test]
    fn fatal_errors() {
        for (name, text, error) in [
            ("empty", "", CsvError::NoHeader),
            ("blank", "\n , \n", CsvError::NoHeader),
            ("unclosed quote", "a,b\n1,2\n3,\"open\n4,5\n", CsvError::UnclosedQuote { line: 3, column: 1 }),
            ("unclosed quote in header", "\"a,b\n", CsvError::UnclosedQuote { line: 1, column: 0 }),
            (
                "unclosed after a multi-line field",
                "a,b\n\"x\ny\",\"z\n",
                CsvError::UnclosedQuote { line: 3, column: 1 },
            ),
            (
                "duplicate header",
                "Phone,company,PHONE\n1,2,3\n",
                CsvError::DuplicateHeader { first: 0, column: 2, name: "PHONE".into() },
            ),
            (
                "duplicate after folding",
                "company_name,Company Name\n",
                CsvError::DuplicateHeader { first: 0, column: 1, name: "Company Name".into() },
            ),
        ] {
            assert_eq!(parse(text), Err(error), "{name}");
        }
        assert_eq!(parse("a,,b,\n1,2,3,4\n").map(|t| t.header), Ok(vec!["a".into(), "".into(), "b".into(), "".into()]));
    }

    #[test]
    fn tables_from_spreadsheet_rows() {
        let rows = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
        };
        assert_eq!(
            Table::from_rows(rows(&[&["", ""], &[" Company ", "Phone"], &["Acme", "1"], &["", " "], &["Beta", "2"]])),
            Ok(table(&["Company", "Phone"], &[(3, &["Acme", "1"]), (5, &["Beta", "2"])]))
        );
        assert_eq!(Table::from_rows(Vec::new()), Err(CsvError::NoHeader));
        assert_eq!(
            Table::from_rows(rows(&[&["a", "A"]])),
            Err(CsvError::DuplicateHeader { first: 0, column: 1, name: "A".into() })
        );
    }

    #[test]
    fn parses_many_rows() {
        let mut text = String::from("company,phone,city\n");
        for i in 0..100_000 {
            text.push_str(&format!("Company {i},\"0731-{i:08}\",长沙\n"));
        }
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.rows.len(), 100_000);
        assert_eq!(parsed.rows[99_999], row(100_001, &["Company 99999", "0731-00099999", "长沙"]));
    }
}
