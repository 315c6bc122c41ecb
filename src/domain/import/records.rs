//! Parts master data, stock on hand per location, the installed base's machines and market
//! sizes from a spreadsheet, with every row problem tied to its line and column like the
//! customer import (a row with an error contributes nothing; the caller stores all rows or none).
//!
//! - Columns are found by header (English and Chinese names, case, width and punctuation
//!   ignored), in any order; other columns are ignored. A file without a needed column says so
//!   once, on line 1.
//! - **Parts** are keyed by number: a row of a stored part's number updates it, only in the
//!   cells the row fills (an empty cell keeps the stored value); a new number is a new part.
//! - **Stock** rows (part number, location, on hand) set the quantity on hand of a stored part
//!   at a location (empty: the main store); a number no part has is an error.
//! - **Machines** are keyed by serial (case and width folded): a stored serial is updated, a new
//!   one created; each row is checked as the machine form checks it
//!   ([`machine_form::check`](crate::domain::parts::machine_form::check)).
//! - **Markets**: see [`super::markets`], which reads them with this module's reader.
//! - A key twice in one file is an error on the later row (the first one stands).

use super::csv::Table;
use super::values::{parse_whole_number, split_list};
use super::{fold_case_and_width, fold_key, MAX_ERROR_VALUE};
use crate::domain::date::Date;
use crate::domain::fields::{text_problem, FormError, MAX_TEXT};
use crate::domain::model::{Criticality, Id, Machine, MachineStatus, Part};
use crate::domain::money::{parse_cny, Cny};
use crate::domain::parts::machine_form::{
    check, parse_status, MachineDraft, MachineError, MachineField, MachineRegister,
};
use std::collections::HashMap;

/// Errors kept in full; past this many they are only counted.
pub const MAX_ERRORS: usize = 1_000;
/// Longest lead time read, in days.
pub const MAX_LEAD_TIME_DAYS: u32 = 730;
/// Largest pack size or quantity on hand read; more is a typing error.
pub const MAX_QUANTITY: u32 = 10_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordColumn {
    PartNumber,
    NameZh,
    NameEn,
    Models,
    Category,
    UnitCost,
    UnitPrice,
    Supplier,
    LeadTime,
    PackSize,
    Criticality,
    Location,
    OnHand,
    Serial,
    Model,
    Customer,
    Delivered,
    Hours,
    HoursPerMonth,
    Status,
    Province,
    Line,
    Year,
    Units,
    Tonnage,
}

impl RecordColumn {
    /// Header names recognised, as `fold_key` leaves them.
    fn synonyms(self) -> &'static [&'static str] {
        use RecordColumn::*;
        match self {
            PartNumber => &[
                "partnumber",
                "partno",
                "part",
                "number",
                "sku",
                "零件号",
                "配件号",
                "配件编号",
                "零件编号",
                "物料编号",
            ],
            NameZh => &["namezh", "chinesename", "name", "中文名称", "名称", "配件名称", "零件名称"],
            NameEn => &["nameen", "englishname", "英文名称"],
            Models => &["models", "fits", "fitsmodels", "machinemodels", "适用机型", "适配机型", "机型"],
            Category => &["category", "type", "类别", "分类"],
            UnitCost => &["unitcost", "cost", "成本", "单位成本", "进价"],
            UnitPrice => &["unitprice", "price", "售价", "单价", "销售价"],
            Supplier => &["supplier", "vendor", "供应商"],
            LeadTime => &["leadtime", "leadtimedays", "交期", "交货期", "采购周期", "交期天"],
            PackSize => &["packsize", "pack", "moq", "minimumorder", "包装数量", "最小起订量", "起订量"],
            Criticality => &["criticality", "critical", "重要性", "关键程度"],
            Location => &["location", "warehouse", "store", "库位", "仓库", "库房"],
            OnHand => &["onhand", "stock", "quantity", "qty", "库存", "现有库存", "库存数量", "数量"],
            Serial => &["serial", "serialnumber", "serialno", "sn", "序列号", "出厂编号", "机号"],
            Model => &["model", "machinemodel", "机型", "型号"],
            Customer => &["customer", "company", "owner", "客户", "客户名称", "公司"],
            Delivered => &["delivered", "deliverydate", "delivery", "交付日期", "交机日期", "交货日期"],
            Hours => &["hours", "runninghours", "hourmeter", "累计工时", "工时", "小时数"],
            HoursPerMonth => &["hourspermonth", "monthlyhours", "月均工时", "每月工时"],
            Status => &["status", "状态"],
            Province => &["province", "region", "省份", "省", "地区", "区域"],
            Line => &["productline", "line", "product", "产品线", "产品", "机种", "品类"],
            Year => &["year", "年份", "年度", "年"],
            Units => &["units", "marketsize", "size", "sales", "台数", "销量", "市场容量", "市场规模", "数量"],
            Tonnage => &["tonnageclass", "tonnage", "class", "吨位", "吨级", "吨位级别"],
        }
    }
}

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Parts,
    Stock,
    Machines,
    Markets,
}

impl RecordKind {
    /// The columns read, needed ones first.
    pub fn columns(self) -> &'static [RecordColumn] {
        use RecordColumn::*;
        match self {
            RecordKind::Parts => &[
                PartNumber,
                NameZh,
                NameEn,
                Models,
                Category,
                UnitCost,
                UnitPrice,
                Supplier,
                LeadTime,
                PackSize,
                Criticality,
            ],
            RecordKind::Stock => &[PartNumber, OnHand, Location],
            RecordKind::Machines => &[Serial, Model, Delivered, Customer, Hours, HoursPerMonth, Status],
            RecordKind::Markets => &[Province, Line, Year, Units, Tonnage],
        }
    }

    fn needed(self) -> usize {
        match self {
            RecordKind::Parts => 1,
            RecordKind::Stock => 2,
            RecordKind::Machines => 3,
            RecordKind::Markets => 4,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRowError {
    pub line: usize,
    /// 0-based header index; `None` when the problem is not one cell (a missing column).
    pub column: Option<usize>,
    pub header: String,
    /// The offending text, cut to 200 characters.
    pub value: String,
    pub kind: RecordErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordErrorKind {
    MissingColumn(RecordColumn),
    TooFewCells {
        expected: usize,
        found: usize,
    },
    Form(FormError),
    /// Not an amount of yuan.
    InvalidAmount,
    UnknownCriticality,
    /// No stored part has this number.
    UnknownPart,
    /// The same key is already on `first_line`.
    Duplicate {
        first_line: usize,
    },
    Machine(MachineError),
    /// Not a product line the market view knows.
    UnknownLine,
    /// Not a tonnage class: small, medium or large.
    UnknownTonnage,
}

/// Rows read: the records of the rows without errors, and the errors.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordImport<T> {
    /// Each record with the line it came from.
    pub records: Vec<(usize, T)>,
    pub errors: Vec<RecordRowError>,
    pub error_count: usize,
    pub failed_rows: usize,
}

impl<T> Default for RecordImport<T> {
    fn default() -> Self {
        RecordImport { records: Vec::new(), errors: Vec::new(), error_count: 0, failed_rows: 0 }
    }
}

/// A parts row: the number and the cells it filled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartUpdate {
    pub number: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub fits_models: Option<Vec<String>>,
    pub category: Option<String>,
    pub unit_cost: Option<Cny>,
    pub unit_price: Option<Cny>,
    pub supplier: Option<String>,
    pub lead_time_days: Option<u16>,
    pub pack_size: Option<u32>,
    pub criticality: Option<Criticality>,
}

impl PartUpdate {
    /// `base` (the stored part, or a new one with its id) with the filled cells.
    pub fn apply(&self, base: &Part) -> Part {
        let mut part = Part { number: self.number.clone(), ..base.clone() };
        let set = |target: &mut String, value: &Option<String>| {
            if let Some(value) = value {
                target.clone_from(value);
            }
        };
        set(&mut part.name_zh, &self.name_zh);
        set(&mut part.name_en, &self.name_en);
        set(&mut part.category, &self.category);
        set(&mut part.supplier, &self.supplier);
        if let Some(models) = &self.fits_models {
            part.fits_models.clone_from(models);
        }
        part.unit_cost = self.unit_cost.unwrap_or(part.unit_cost);
        part.unit_price = self.unit_price.unwrap_or(part.unit_price);
        part.lead_time_days = self.lead_time_days.unwrap_or(part.lead_time_days);
        part.pack_size = self.pack_size.unwrap_or(part.pack_size).max(1);
        part.criticality = self.criticality.unwrap_or(part.criticality);
        part
    }
}

/// A stock row: what is on hand of stored part `part_id` at `location`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StockRow {
    pub part_id: Id,
    pub location: String,
    pub on_hand: u32,
}

/// Reads rows of `kind` one at a time: the header found once, each row's cells checked.
pub(super) struct Reader<'a, T> {
    table: &'a Table,
    /// Per column of the kind, its header index.
    pub(super) at: Vec<Option<usize>>,
    kind: RecordKind,
    out: RecordImport<T>,
}

impl<'a, T> Reader<'a, T> {
    /// `None` (with the missing columns reported) when a needed column is missing.
    pub(super) fn new(table: &'a Table, kind: RecordKind) -> Result<Reader<'a, T>, RecordImport<T>> {
        let folded: Vec<String> = table.header.iter().map(|h| fold_key(h)).collect();
        // Each header serves one column, the first of the kind's columns that names it (a
        // stock file's "quantity" is on hand, a parts file's "name" the Chinese name).
        let mut used = vec![false; folded.len()];
        let at: Vec<Option<usize>> = kind
            .columns()
            .iter()
            .map(|column| {
                let found = (0..folded.len()).find(|&i| !used[i] && column.synonyms().contains(&folded[i].as_str()));
                if let Some(i) = found {
                    used[i] = true;
                }
                found
            })
            .collect();
        let mut reader = Reader { table, at, kind, out: RecordImport::default() };
        let missing: Vec<RecordColumn> =
            (0..kind.needed()).filter(|&c| reader.at[c].is_none()).map(|c| kind.columns()[c]).collect();
        if missing.is_empty() {
            return Ok(reader);
        }
        let errors = missing
            .into_iter()
            .map(|column| reader.error(1, None, "", RecordErrorKind::MissingColumn(column)))
            .collect();
        reader.count(errors);
        Err(reader.out)
    }

    fn error(&self, line: usize, column: Option<usize>, value: &str, kind: RecordErrorKind) -> RecordRowError {
        RecordRowError {
            line,
            column,
            header: column.and_then(|c| self.table.header.get(c)).cloned().unwrap_or_default(),
            value: value.chars().take(MAX_ERROR_VALUE).collect(),
            kind,
        }
    }

    fn count(&mut self, errors: Vec<RecordRowError>) {
        if errors.is_empty() {
            return;
        }
        self.out.failed_rows += 1;
        self.out.error_count += errors.len();
        let room = MAX_ERRORS.saturating_sub(self.out.errors.len());
        self.out.errors.extend(errors.into_iter().take(room));
    }

    /// The cell of the kind's column `c` in `cells` (trimmed; `None` when the file has no such
    /// column).
    pub(super) fn cell<'c>(&self, cells: &'c [String], c: usize) -> Option<&'c str> {
        self.at[c].map(|i| cells.get(i).map_or("", |s| s.trim()))
    }

    /// Every row through `convert`, which reads its cells and ties each problem to its cell: the
    /// record of every row without a problem is kept, the problems counted. A row stopping
    /// before a needed column is reported and not converted.
    pub(super) fn convert_rows(mut self, mut convert: impl FnMut(&mut Row<'_, 'a, T>) -> Option<T>) -> RecordImport<T> {
        let table = self.table;
        for row in &table.rows {
            let (line, cells) = (row.line, row.cells.as_slice());
            if self.short(line, cells) {
                continue;
            }
            let mut row = Row { reader: &self, line, cells, errors: Vec::new() };
            let record = convert(&mut row);
            let mut errors = std::mem::take(&mut row.errors);
            errors.sort_by_key(|e| e.column);
            if let (true, Some(record)) = (errors.is_empty(), record) {
                self.out.records.push((line, record));
            }
            self.count(errors);
        }
        self.out
    }

    /// Whether a row stops before a needed column (then reported).
    fn short(&mut self, line: usize, cells: &[String]) -> bool {
        let needed = self.at.iter().take(self.kind.needed()).flatten().max().map_or(0, |i| i + 1);
        if cells.len() >= needed {
            return false;
        }
        let kind = RecordErrorKind::TooFewCells { expected: self.table.header.len(), found: cells.len() };
        let error = self.error(line, Some(cells.len()), "", kind);
        self.count(vec![error]);
        true
    }
}

/// Collects a row's problems, each on its cell.
pub(super) struct Row<'r, 'a, T> {
    pub(super) reader: &'r Reader<'a, T>,
    pub(super) line: usize,
    pub(super) cells: &'r [String],
    pub(super) errors: Vec<RecordRowError>,
}

impl<T> Row<'_, '_, T> {
    pub(super) fn problem(&mut self, c: usize, kind: RecordErrorKind) {
        let value = self.reader.cell(self.cells, c).unwrap_or_default();
        let error = self.reader.error(self.line, self.reader.at[c], value, kind);
        self.errors.push(error);
    }

    /// A text cell (`None`: not in the file or empty).
    fn text(&mut self, c: usize) -> Option<String> {
        let value = self.reader.cell(self.cells, c).filter(|v| !v.is_empty())?;
        match text_problem(value, MAX_TEXT) {
            Some(error) => {
                self.problem(c, RecordErrorKind::Form(error));
                None
            }
            None => Some(value.to_owned()),
        }
    }

    fn number(&mut self, c: usize, min: u32, max: u32) -> Option<u32> {
        let value = self.reader.cell(self.cells, c).filter(|v| !v.is_empty())?;
        let number = parse_whole_number(&value.replace(',', ""))
            .filter(|n| (i64::from(min)..=i64::from(max)).contains(n))
            .map(|n| n as u32);
        if number.is_none() {
            self.problem(c, RecordErrorKind::Form(FormError::OutOfRange { min, max }));
        }
        number
    }

    fn amount(&mut self, c: usize) -> Option<Cny> {
        let value = self.reader.cell(self.cells, c).filter(|v| !v.is_empty())?;
        let amount = parse_cny(value).ok();
        if amount.is_none() {
            self.problem(c, RecordErrorKind::InvalidAmount);
        }
        amount
    }
}

/// Keys met so far in a file, with their first line.
#[derive(Default)]
pub(super) struct Seen(HashMap<String, usize>);

impl Seen {
    /// The first line of `key`, or `None` (and `key` taken by `line`) the first time.
    pub(super) fn first(&mut self, key: String, line: usize) -> Option<usize> {
        match self.0.get(&key) {
            Some(&first) => Some(first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

fn criticality(text: &str) -> Option<Criticality> {
    match fold_case_and_width(text).as_str() {
        "low" | "低" | "一般" => Some(Criticality::Low),
        "medium" | "中" | "重要" => Some(Criticality::Medium),
        "high" | "高" | "关键" => Some(Criticality::High),
        _ => None,
    }
}

/// Reads a parts master file (see the module docs).
pub fn convert_parts(table: &Table) -> RecordImport<PartUpdate> {
    let reader = match Reader::new(table, RecordKind::Parts) {
        Ok(reader) => reader,
        Err(out) => return out,
    };
    let mut seen = Seen::default();
    reader.convert_rows(|row| {
        let number = row.text(0);
        if number.is_none() && row.errors.is_empty() {
            row.problem(0, RecordErrorKind::Form(FormError::Required));
        }
        let criticality = match row.reader.cell(row.cells, 10).filter(|v| !v.is_empty()) {
            Some(text) => {
                let parsed = criticality(text);
                if parsed.is_none() {
                    row.problem(10, RecordErrorKind::UnknownCriticality);
                }
                parsed
            }
            None => None,
        };
        let update = PartUpdate {
            number: number.clone().unwrap_or_default(),
            name_zh: row.text(1),
            name_en: row.text(2),
            fits_models: row.text(3).map(|text| split_list(&text).map(str::to_owned).collect()),
            category: row.text(4),
            unit_cost: row.amount(5),
            unit_price: row.amount(6),
            supplier: row.text(7),
            lead_time_days: row.number(8, 0, MAX_LEAD_TIME_DAYS).map(|d| d as u16),
            pack_size: row.number(9, 1, MAX_QUANTITY),
            criticality,
        };
        if let Some(first_line) = number.and_then(|n| seen.first(n, row.line)) {
            row.problem(0, RecordErrorKind::Duplicate { first_line });
        }
        Some(update)
    })
}

/// Reads a stock file against the stored parts' numbers (see the module docs).
pub fn convert_stock(table: &Table, part_numbers: &HashMap<String, Id>) -> RecordImport<StockRow> {
    let reader = match Reader::new(table, RecordKind::Stock) {
        Ok(reader) => reader,
        Err(out) => return out,
    };
    let mut seen = Seen::default();
    reader.convert_rows(|row| {
        let part_id = match row.text(0) {
            Some(number) => {
                let id = part_numbers.get(&number).copied();
                if id.is_none() {
                    row.problem(0, RecordErrorKind::UnknownPart);
                }
                id
            }
            None => {
                if row.errors.is_empty() {
                    row.problem(0, RecordErrorKind::Form(FormError::Required));
                }
                None
            }
        };
        let on_hand = row.number(1, 0, MAX_QUANTITY);
        if on_hand.is_none() && row.reader.cell(row.cells, 1) == Some("") {
            row.problem(1, RecordErrorKind::Form(FormError::Required));
        }
        let location = row.text(2).unwrap_or_default();
        let part_id = part_id?;
        if let Some(first_line) = seen.first(format!("{part_id}\n{}", fold_case_and_width(&location)), row.line) {
            // On the location when the file has one, else on the part.
            let c = if row.reader.at[2].is_some() { 2 } else { 0 };
            row.problem(c, RecordErrorKind::Duplicate { first_line });
        }
        Some(StockRow { part_id, location, on_hand: on_hand? })
    })
}

/// Reads a machines file against the stored machines and customers (`register`, which it
/// takes each row's serial into); `new_id` numbers new machines (see the module docs).
pub fn convert_machines(
    table: &Table,
    stored: &[Machine],
    mut register: MachineRegister,
    today: Date,
    mut new_id: impl FnMut() -> Id,
) -> RecordImport<Machine> {
    let reader = match Reader::new(table, RecordKind::Machines) {
        Ok(reader) => reader,
        Err(out) => return out,
    };
    let by_serial: HashMap<String, &Machine> = stored.iter().map(|m| (fold_case_and_width(&m.serial), m)).collect();
    let column_of = |field: MachineField| match field {
        MachineField::Serial => 0,
        MachineField::Model => 1,
        MachineField::Delivered => 2,
        MachineField::Customer => 3,
        MachineField::Hours => 4,
        MachineField::HoursPerMonth => 5,
        MachineField::Status => 6,
    };
    let mut seen = Seen::default();
    reader.convert_rows(|row| {
        let cell = |c: usize| row.reader.cell(row.cells, c).unwrap_or_default().to_owned();
        let status_text = cell(6);
        let status = parse_status(&status_text);
        let draft = MachineDraft {
            serial: cell(0),
            model: cell(1),
            delivered: cell(2),
            customer: cell(3),
            hours: cell(4),
            hours_per_month: cell(5),
            status: status.unwrap_or(MachineStatus::Active),
        };
        let key = fold_case_and_width(&draft.serial);
        let base = match by_serial.get(&key) {
            Some(stored) => (*stored).clone(),
            None => {
                Machine { id: register.serial_holder(&draft.serial).unwrap_or_else(&mut new_id), ..Machine::default() }
            }
        };
        // The delivery date as spreadsheets write it, checked as the form checks ISO dates.
        let draft = MachineDraft {
            delivered: super::values::parse_date(&draft.delivered).map_or(draft.delivered.clone(), |d| d.to_string()),
            ..draft
        };
        let checked = check(&draft, &base, &register, today);
        if let Err(problems) = &checked {
            for &(field, error) in problems {
                row.problem(column_of(field), RecordErrorKind::Machine(error));
            }
        }
        if status.is_none() {
            row.problem(6, RecordErrorKind::Machine(MachineError::UnknownStatus));
        }
        if !key.is_empty() {
            if let Some(first_line) = seen.first(key, row.line) {
                row.errors.retain(|e| e.kind != RecordErrorKind::Machine(MachineError::DuplicateSerial));
                row.problem(0, RecordErrorKind::Duplicate { first_line });
            }
        }
        // A row kept takes its serial, so a later row of the same serial is refused.
        let machine = checked.ok().filter(|_| row.errors.is_empty())?;
        register.claim(&machine.serial, machine.id);
        Some(machine)
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::import::csv;

    pub(in crate::domain::import) fn table(text: &str) -> Table {
        csv::parse(text).unwrap()
    }

    pub(in crate::domain::import) fn errors<T>(out: &RecordImport<T>) -> Vec<(usize, String, String, RecordErrorKind)> {
        out.errors.iter().map(|e| (e.line, e.header.clone(), e.value.clone(), e.kind)).collect()
    }

    #[test]
    fn parts_rows_fill_only_their_cells() {
        let out = convert_parts(&table(
            "配件号,名称,English name,适用机型,成本,售价,供应商,交期,包装数量,重要性\n\
             60-1,滤芯,Filter,\"SY215C、SY235C\",¥12.50,20,恒立,30,10,高\n\
             60-2,,,,,,,,,\n",
        ));
        assert_eq!(out.errors, []);
        let (line, first) = &out.records[0];
        assert_eq!(*line, 2);
        let stored = Part { id: 5, number: "60-1".into(), category: "Filters".into(), pack_size: 4, ..Part::default() };
        let part = first.apply(&stored);
        assert_eq!(
            (part.id, part.name_zh.as_str(), part.name_en.as_str(), part.fits_models.clone()),
            (5, "滤芯", "Filter", vec!["SY215C".to_owned(), "SY235C".to_owned()])
        );
        assert_eq!((part.unit_cost, part.unit_price), (Cny(1_250), Cny::from_yuan(20)));
        assert_eq!((part.category.as_str(), part.supplier.as_str()), ("Filters", "恒立"));
        assert_eq!((part.lead_time_days, part.pack_size, part.criticality), (30, 10, Criticality::High));
        // A row of nothing but the number keeps everything stored.
        assert_eq!(out.records[1].1.apply(&stored), Part { number: "60-2".into(), ..stored });
    }

    #[test]
    fn parts_errors_name_row_and_column() {
        use RecordErrorKind::*;
        let out = convert_parts(&table(
            "part number,name,unit cost,lead time,pack size,criticality\n\
             A-1,Filter,12,30,1,low\n\
             ,Hose,1,1,1,low\n\
             A-2,Belt,-3,999,0,vital\n\
             A-1,Again,1,1,1,\n",
        ));
        assert_eq!(out.records.len(), 1);
        assert_eq!(
            errors(&out),
            [
                (3, "part number".to_owned(), "".to_owned(), Form(FormError::Required)),
                (4, "unit cost".to_owned(), "-3".to_owned(), InvalidAmount),
                (4, "lead time".to_owned(), "999".to_owned(), Form(FormError::OutOfRange { min: 0, max: 730 })),
                (4, "pack size".to_owned(), "0".to_owned(), Form(FormError::OutOfRange { min: 1, max: MAX_QUANTITY })),
                (4, "criticality".to_owned(), "vital".to_owned(), UnknownCriticality),
                (5, "part number".to_owned(), "A-1".to_owned(), Duplicate { first_line: 2 }),
            ]
        );
        assert_eq!((out.error_count, out.failed_rows), (6, 3));
        let missing = convert_parts(&table("name,cost\nFilter,1\n"));
        assert_eq!(errors(&missing), [(1, String::new(), String::new(), MissingColumn(RecordColumn::PartNumber))]);
    }

    #[test]
    fn stock_rows_need_a_stored_part() {
        use RecordErrorKind::*;
        let numbers: HashMap<String, Id> = [("A-1".to_owned(), 10), ("A-2".to_owned(), 11)].into();
        let out = convert_stock(
            &table("零件号,仓库,库存\nA-1,长沙,5\nA-1,成都,2\nA-2,,0\nB-9,长沙,1\nA-1,长沙,7\nA-2,x,lots\nA-2,y\n"),
            &numbers,
        );
        assert_eq!(
            out.records,
            [
                (2, StockRow { part_id: 10, location: "长沙".into(), on_hand: 5 }),
                (3, StockRow { part_id: 10, location: "成都".into(), on_hand: 2 }),
                (4, StockRow { part_id: 11, location: "".into(), on_hand: 0 }),
            ]
        );
        assert_eq!(
            errors(&out),
            [
                (5, "零件号".to_owned(), "B-9".to_owned(), UnknownPart),
                (6, "仓库".to_owned(), "长沙".to_owned(), Duplicate { first_line: 2 }),
                (7, "库存".to_owned(), "lots".to_owned(), Form(FormError::OutOfRange { min: 0, max: MAX_QUANTITY })),
                (8, "库存".to_owned(), "".to_owned(), TooFewCells { expected: 3, found: 2 }),
            ]
        );
        let missing = convert_stock(&table("part,location\nA-1,x\n"), &numbers);
        assert_eq!(errors(&missing), [(1, String::new(), String::new(), MissingColumn(RecordColumn::OnHand))]);
    }

    #[test]
    fn machines_are_checked_as_the_form_checks_them() {
        use MachineError::{FutureDate, UnknownCustomer, UnknownStatus};
        use RecordErrorKind::{Duplicate, Machine as M};
        let stored = [Machine { id: 7, serial: "S-1".into(), model: "SY215C".into(), hours: 10, ..Machine::default() }];
        let register = MachineRegister::new([(7, "S-1")], [(3, "Acme Mining")]);
        let today = Date::from_ymd(2025, 6, 30).unwrap();
        let mut next = 100;
        let out = convert_machines(
            &table(
                "serial,model,customer,delivery date,hours,hours per month,status\n\
                 s-1,SY215C,Acme Mining,2024/3/5,900,150,闲置\n\
                 N-1,XE60,,2025-01-10,,,\n\
                 N-2,,Nobody,2026-01-01,1.5,800,sold\n\
                 N-1,XE60,,2025-01-10,,,active\n",
            ),
            &stored,
            register,
            today,
            || {
                next += 1;
                next
            },
        );
        type Summary<'a> = (Id, &'a str, Id, Option<Date>, u32, MachineStatus);
        let machines: Vec<Summary> = out
            .records
            .iter()
            .map(|(_, m)| (m.id, m.serial.as_str(), m.customer_id, m.delivered, m.hours, m.status))
            .collect();
        assert_eq!(
            machines,
            [
                (7, "s-1", 3, Date::from_ymd(2024, 3, 5), 900, MachineStatus::Idle),
                (101, "N-1", 0, Date::from_ymd(2025, 1, 10), 0, MachineStatus::Active),
            ]
        );
        let range = |max| M(MachineError::Form(FormError::OutOfRange { min: 0, max }));
        assert_eq!(
            errors(&out),
            [
                (4, "model".to_owned(), "".to_owned(), M(MachineError::Form(FormError::Required))),
                (4, "customer".to_owned(), "Nobody".to_owned(), M(UnknownCustomer)),
                (4, "delivery date".to_owned(), "2026-01-01".to_owned(), M(FutureDate)),
                (4, "hours".to_owned(), "1.5".to_owned(), range(262_800)),
                (4, "hours per month".to_owned(), "800".to_owned(), range(744)),
                (4, "status".to_owned(), "sold".to_owned(), M(UnknownStatus)),
                (5, "serial".to_owned(), "N-1".to_owned(), Duplicate { first_line: 3 }),
            ]
        );
    }
}
