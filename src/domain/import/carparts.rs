//! Demand history in long format — one row per part and month, `series_id,month,qty`, as the
//! carparts data set and most ERP exports write it — to one monthly series per part.
//!
//! - Columns are found by header (English and Chinese names, case, width and punctuation
//!   ignored), in any order; other columns are ignored.
//! - A month is `YYYY-MM`, `YYYY/MM`, `YYYY.MM`, `YYYYMM`, `YYYY年M月`, or any date
//!   [`parse_date`] reads (its month is taken).
//! - An empty quantity is a **missing** month (`None`: unknown, not zero). A quantity is a whole
//!   number from 0 to [`MAX_QUANTITY`].
//! - Each series runs from its first to its last month in the file; months the file does not
//!   name are missing too. Series keep the order they first appear in.
//! - A part and month twice is an error on the later row (the first value stands).
//!
//! Like the customer import, every row problem is collected with its line and column, and a
//! row with an error contributes nothing; whether to import the rest is the caller's decision.

use super::csv::Table;
use super::fold_key;
use super::values::{parse_date, parse_whole_number};
use super::MAX_ERROR_VALUE;
use crate::domain::date::Month;
use crate::domain::model::PartDemand;
use std::collections::HashMap;

/// Errors kept in full; past this many they are only counted.
pub const MAX_ERRORS: usize = 1_000;
/// The largest monthly quantity read; more is a typing error, not demand.
pub const MAX_QUANTITY: u32 = 10_000_000;

/// The columns a demand file needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DemandColumn {
    /// The part (series id, part number, SKU).
    Part,
    Month,
    Quantity,
}

impl DemandColumn {
    pub const ALL: [DemandColumn; 3] = [DemandColumn::Part, DemandColumn::Month, DemandColumn::Quantity];

    /// Header names recognised, as [`fold_key`] leaves them.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            DemandColumn::Part => &[
                "seriesid",
                "series",
                "part",
                "partid",
                "partnumber",
                "partno",
                "sku",
                "item",
                "零件号",
                "配件号",
                "配件编号",
                "零件编号",
                "物料编号",
            ],
            DemandColumn::Month => &["month", "period", "date", "月份", "月", "日期", "期间"],
            DemandColumn::Quantity => &["qty", "quantity", "demand", "sales", "数量", "需求", "需求量", "销量"],
        }
    }
}

/// One part's history as read: `part` is the file's key for it, to be matched to a stored part
/// by the caller (`demand.part_id` is 0).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedDemand {
    pub part: String,
    /// The line of the part's first row.
    pub line: usize,
    pub demand: PartDemand,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemandRowError {
    pub line: usize,
    /// 0-based header index; `None` when the problem is not one cell (a missing column).
    pub column: Option<usize>,
    /// The column's header.
    pub header: String,
    /// The offending text, cut to 200 characters.
    pub value: String,
    pub kind: DemandErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemandErrorKind {
    /// No header names this column (reported once, on line 1).
    MissingColumn(DemandColumn),
    /// The row stops before a needed column.
    TooFewCells {
        expected: usize,
        found: usize,
    },
    /// The part cell is empty.
    MissingPart,
    InvalidMonth,
    /// Not a whole number.
    InvalidQuantity,
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// The same part and month are already on `first_line`.
    DuplicateMonth {
        first_line: usize,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DemandImport {
    pub series: Vec<ImportedDemand>,
    /// The first [`MAX_ERRORS`] errors, in row order.
    pub errors: Vec<DemandRowError>,
    /// Every error, also those not kept.
    pub error_count: usize,
    /// Rows with at least one error.
    pub failed_rows: usize,
}

/// Reads every row of `table` (see the module docs).
pub fn convert_demand(table: &Table) -> DemandImport {
    let mut out = DemandImport::default();
    let folded: Vec<String> = table.header.iter().map(|h| fold_key(h)).collect();
    let find = |column: DemandColumn| folded.iter().position(|h| column.synonyms().contains(&h.as_str()));
    let columns: Vec<Option<usize>> = DemandColumn::ALL.iter().map(|&c| find(c)).collect();
    let (Some(part_at), Some(month_at), Some(qty_at)) = (columns[0], columns[1], columns[2]) else {
        for (column, found) in DemandColumn::ALL.into_iter().zip(&columns) {
            if found.is_none() {
                push(&mut out, error(1, None, "", "", DemandErrorKind::MissingColumn(column)));
            }
        }
        return out;
    };
    let needed = part_at.max(month_at).max(qty_at) + 1;
    let cell_error = |line: usize, at: usize, value: &str, kind| error(line, Some(at), &table.header[at], value, kind);

    // Per part: its index in `out.series`, and month → (line, quantity) as read.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut months: Vec<HashMap<Month, (usize, Option<u32>)>> = Vec::new();
    for row in &table.rows {
        let mut errors = Vec::new();
        if row.cells.len() < needed {
            errors.push(error(
                row.line,
                Some(row.cells.len()),
                table.header.get(row.cells.len()).map_or("", String::as_str),
                "",
                DemandErrorKind::TooFewCells { expected: table.header.len(), found: row.cells.len() },
            ));
            count_row(&mut out, errors);
            continue;
        }
        let part = row.cells[part_at].trim();
        if part.is_empty() {
            errors.push(cell_error(row.line, part_at, part, DemandErrorKind::MissingPart));
        }
        let month_text = &row.cells[month_at];
        let month = parse_month(month_text);
        if month.is_none() {
            errors.push(cell_error(row.line, month_at, month_text, DemandErrorKind::InvalidMonth));
        }
        let qty_text = row.cells[qty_at].trim();
        let quantity = match parse_quantity(qty_text) {
            Ok(quantity) => quantity,
            Err(kind) => {
                errors.push(cell_error(row.line, qty_at, qty_text, kind));
                None
            }
        };
        if let (true, Some(month)) = (errors.is_empty(), month) {
            let at = *index.entry(part.to_owned()).or_insert_with(|| {
                out.series.push(ImportedDemand {
                    part: part.to_owned(),
                    line: row.line,
                    demand: PartDemand::default(),
                });
                months.push(HashMap::new());
                months.len() - 1
            });
            match months[at].get(&month) {
                Some(&(first_line, _)) => errors.push(cell_error(
                    row.line,
                    month_at,
                    month_text,
                    DemandErrorKind::DuplicateMonth { first_line },
                )),
                None => {
                    months[at].insert(month, (row.line, quantity));
                }
            }
        }
        count_row(&mut out, errors);
    }
    for (series, months) in out.series.iter_mut().zip(months) {
        let first = months.keys().min().copied();
        let last = months.keys().max().copied();
        if let (Some(first), Some(last)) = (first, last) {
            series.demand.start = Some(first);
            series.demand.quantities =
                (0..=last.since(first)).map(|i| months.get(&(first + i)).and_then(|&(_, q)| q)).collect();
        }
    }
    out.series.retain(|s| s.demand.start.is_some());
    out
}

/// A month as demand files write it (see the module docs).
pub fn parse_month(text: &str) -> Option<Month> {
    let text = text.trim();
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    let year_month = |year: &str, month: &str| {
        let (year, month) = (digits(year, 4..=4)?, digits(month, 1..=2)?);
        (1..=12).contains(&month).then(|| Month::new(year as i32, month))
    };
    // Before dates: six digits would otherwise read as an Excel serial day.
    if text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        return year_month(&text[..4], &text[4..]);
    }
    if let Some(date) = parse_date(text) {
        return Some(date.month_of());
    }
    if let Some(rest) = text.strip_suffix('月') {
        let (year, month) = rest.split_once('年')?;
        return year_month(year, month);
    }
    if let Some((year, month)) = text.split_once(['-', '/', '.']) {
        return year_month(year, month);
    }
    None
}

/// `Ok(None)` for an empty cell: a missing month.
fn parse_quantity(text: &str) -> Result<Option<u32>, DemandErrorKind> {
    if text.is_empty() {
        return Ok(None);
    }
    let number = parse_whole_number(text).ok_or(DemandErrorKind::InvalidQuantity)?;
    if !(0..=i64::from(MAX_QUANTITY)).contains(&number) {
        return Err(DemandErrorKind::OutOfRange { min: 0, max: MAX_QUANTITY });
    }
    Ok(Some(number as u32))
}

fn error(line: usize, column: Option<usize>, header: &str, value: &str, kind: DemandErrorKind) -> DemandRowError {
    DemandRowError {
        line,
        column,
        header: header.to_owned(),
        value: value.chars().take(MAX_ERROR_VALUE).collect(),
        kind,
    }
}

fn push(out: &mut DemandImport, error: DemandRowError) {
    out.error_count += 1;
    if out.errors.len() < MAX_ERRORS {
        out.errors.push(error);
    }
}

fn count_row(out: &mut DemandImport, errors: Vec<DemandRowError>) {
    if !errors.is_empty() {
        out.failed_rows += 1;
        errors.into_iter().for_each(|e| push(out, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::csv::parse;

    fn check(text: &str, series: &[(&str, Month, &[Option<u32>])], errors: &[(usize, Option<usize>, DemandErrorKind)]) {
        let import = convert_demand(&parse(text).unwrap());
        let got: Vec<(&str, Month, &[Option<u32>])> = import
            .series
            .iter()
            .map(|s| (s.part.as_str(), s.demand.start.unwrap(), s.demand.quantities.as_slice()))
            .collect();
        assert_eq!(got, series, "{text}");
        let got: Vec<_> = import.errors.iter().map(|e| (e.line, e.column, e.kind)).collect();
        assert_eq!(got, errors, "{text}");
        assert_eq!(import.error_count, errors.len());
    }

    #[test]
    fn long_rows_become_monthly_series_with_missing_months() {
        let jan = Month::new(1998, 1);
        check(
            "series_id,month,qty\nA,1998-01,0\nA,1998-02,3\nA,1998-03,\nB,1998-02,1\nA,1998-04,2\nB,1998-01,5\n",
            &[("A", jan, &[Some(0), Some(3), None, Some(2)]), ("B", jan, &[Some(5), Some(1)])],
            &[],
        );
        // A month the file skips is missing; columns in any order, Chinese headers.
        check(
            "数量,零件号,月份\n4,X,2001年11月\n7,X,2002-01-15\n",
            &[("X", Month::new(2001, 11), &[Some(4), None, Some(7)])],
            &[],
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_column_and_left_out() {
        let jan = Month::new(1998, 1);
        check(
            "series_id,month,qty\nA,1998-01,1\nA,1998-13,2\nA,1998-02,x\n,1998-02,1\nA,1998-02,-1\nA,1998-01,9\nA\nA,1998-03,2.0\n",
            &[("A", jan, &[Some(1), None, Some(2)])],
            &[
                (3, Some(1), DemandErrorKind::InvalidMonth),
                (4, Some(2), DemandErrorKind::InvalidQuantity),
                (5, Some(0), DemandErrorKind::MissingPart),
                (6, Some(2), DemandErrorKind::OutOfRange { min: 0, max: MAX_QUANTITY }),
                (7, Some(1), DemandErrorKind::DuplicateMonth { first_line: 2 }),
                (8, Some(1), DemandErrorKind::TooFewCells { expected: 3, found: 1 }),
            ],
        );
    }

    #[test]
    fn missing_columns_are_named() {
        check("part,qty\nA,1\n", &[], &[(1, None, DemandErrorKind::MissingColumn(DemandColumn::Month))]);
    }

    #[test]
    fn months_read_in_common_spellings() {
        for (text, month) in [
            ("1998-01", Some(Month::new(1998, 1))),
            ("1998/1", Some(Month::new(1998, 1))),
            ("2002.03", Some(Month::new(2002, 3))),
            ("200203", Some(Month::new(2002, 3))),
            ("2002年3月", Some(Month::new(2002, 3))),
            ("2002-03-31", Some(Month::new(2002, 3))),
            ("2002-00", None),
            ("03-2002", None),
            ("", None),
        ] {
            assert_eq!(parse_month(text), month, "{text}");
        }
    }
}
