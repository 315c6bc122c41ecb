//! Rows of an imported table to customers, each with at most one (primary) contact.
//!
//! Cell values:
//! - Every cell is trimmed. A leading `'` followed by `=`, `+`, `-` or `@` is the escape our
//!   export adds against formula injection and is removed, so export → import round-trips;
//!   anything else is kept verbatim: `=SUM(A1)` stays text, and HTML is data (the UI renders
//!   text), never stripped.
//! - Single-line fields have whitespace runs (Alt+Enter line breaks included) collapsed to one
//!   space; address, other channels, main products, lost reason and custom fields keep their
//!   lines. Other control characters are refused. Lengths follow the customer form, so an
//!   imported customer can be edited and saved as it is.
//! - Phones and e-mail addresses are validated as the customer form does, and stored with
//!   full-width characters folded (an input method's `＋８６` is `+86`).
//! - Enum columns take the stable name, the English or Chinese label or a common alias
//!   ([`super::labels`]), or a word the user mapped ([`super::choices`]); a word kept as written
//!   stores the field's "other" choice (or leaves the field as when empty) and becomes a custom
//!   field under its header. Dates: see [`parse_date`]. Main products and team members are lists
//!   ([`split_list`]); team members are named as users are, the lead dropped from the members.
//! - Country: see [`country::resolve`]. A province names a Chinese region ([`find_province`]) when
//!   the country is China or empty (then it becomes China); for another country it is not a
//!   Chinese region, and is kept as a custom field under its header. A province not found is
//!   looked up among the mapped words. The market type follows the province.
//! - Custom columns become custom fields in column order, empty values skipped.
//!
//! Row shape: cells past the header are fine when empty (trailing delimiters); a non-empty one is
//! [`RowErrorKind::TooManyCells`]. A row shorter than the header is
//! [`RowErrorKind::TooFewCells`] unless every missing column is ignored: tools that write CSV
//! write every column, so a short row is the mark of an unquoted line break that cut one record
//! in two, and reading the halves as customers would store garbage silently.
//!
//! A row with any error makes no customer (it is counted in [`Converted`]); whether to import the
//! rest is the caller's decision. Errors come in row order, then column order within a row.

use super::choices::{Choice, ValueMap};
use super::country;
use super::csv::TableRow;
use super::labels;
use super::mapping::{Mapping, Target};
use super::values::{find_province, parse_date, parse_whole_number, split_list};
use super::{fold_key, fold_width, normalize_company, MAX_ERROR_VALUE};
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::fields::{is_email, is_phone, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{
    Application, BuyerRole, CommunicationStatus, Concern, Contact, ContactRole, CustomField, Customer, CustomerType,
    Id, LeadSource, Lifecycle, LostKind, User,
};
use crate::domain::region::{self, Province};
use std::collections::HashMap;

/// Errors kept in full; past this many they are only counted.
pub const MAX_ERRORS: usize = 1_000;
/// Ids stay below 2⁵³ (see [`Id`]).
const MAX_ID: i64 = (1 << 53) - 1;

/// What the conversion needs besides the table.
#[derive(Clone, Copy, Debug)]
pub struct ConvertContext<'a> {
    /// Everyone a team lead or member may name.
    pub users: &'a [User],
    /// The words of choice columns the user mapped.
    pub values: &'a ValueMap,
}

static NO_VALUES: ValueMap = ValueMap::new();

impl Default for ConvertContext<'_> {
    fn default() -> Self {
        ConvertContext { users: &[], values: &NO_VALUES }
    }
}

/// A row that converted cleanly. Ids are 0: the caller assigns them.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    /// The value of an `id` column (our own export writes one); whether it names a stored
    /// customer is the caller's decision.
    pub id: Option<Id>,
    pub customer: Customer,
    /// The primary contact, when any contact column has a value.
    pub contact: Option<Contact>,
    /// The columns this row gave a value, in column order: what an update of a stored customer
    /// overwrites (an empty cell keeps the stored value).
    pub filled: Vec<CustomerColumn>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    /// 0-based header index; `None` when the problem is not in one cell (e.g. no company column).
    pub column: Option<usize>,
    /// The column's header, empty for a cell past the header's end.
    pub header: String,
    /// The offending text (for a list, the offending item), cut to 200 characters.
    pub value: String,
    pub kind: RowErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowErrorKind {
    /// The company cell is empty, or no column holds the company.
    MissingCompany,
    /// A non-empty cell past the header's end (`column` is the first one).
    TooManyCells {
        expected: usize,
        found: usize,
    },
    /// The row stops before a mapped column (`column` is the first one missing).
    TooFewCells {
        expected: usize,
        found: usize,
    },
    InvalidEmail,
    InvalidPhone,
    UnknownCountry,
    UnknownProvince,
    /// Not a value of the column's enum; `allowed` are the stable names.
    UnknownValue {
        allowed: &'static [&'static str],
    },
    InvalidNumber,
    OutOfRange {
        min: i64,
        max: i64,
    },
    InvalidDate,
    /// No user has this name.
    UnknownUser,
    /// Several users have this name.
    AmbiguousUser,
    TooLong {
        max: usize,
    },
    /// A control character other than tab or line break.
    ControlCharacters,
    /// The row's lifecycle is "lost" without a lost kind.
    MissingLostKind,
    /// Contact details without the contact's name.
    MissingContactName,
    /// Team members without a team lead.
    MissingTeamLead,
    /// The same company (by [`normalize_company`]) is already on `first_line`.
    DuplicateInFile {
        first_line: usize,
    },
}

/// What a conversion counted: the rows ready and the errors of the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Converted {
    /// Rows without an error.
    pub ready: usize,
    /// The first [`MAX_ERRORS`] errors.
    pub errors: Vec<RowError>,
    /// Every error, also those not kept.
    pub error_count: usize,
    /// Rows with at least one error.
    pub failed_rows: usize,
}

/// Rows converted one at a time, in file order (see the module docs), so a caller can show
/// progress, stop between rows, and keep only what it needs of each: a large file's customers are
/// never all held. Converting the same rows again gives the same customers and errors.
/// Call [`Mapping::validate`] first: with no company column every row is missing its company,
/// and of two columns with one target the later wins.
pub struct Conversion<'a> {
    converter: Converter<'a>,
    out: Converted,
    /// Normalised company → the line it first appeared on.
    companies: HashMap<String, usize>,
}

impl<'a> Conversion<'a> {
    pub fn new(header: Vec<String>, mapping: &'a Mapping, ctx: &ConvertContext<'a>) -> Conversion<'a> {
        Conversion {
            converter: Converter::new(header, mapping, ctx),
            out: Converted::default(),
            companies: HashMap::new(),
        }
    }

    /// The customer `row` makes, or `None` when it has an error (counted, and kept while there
    /// is room).
    pub fn row(&mut self, row: &TableRow) -> Option<ImportRow> {
        let converter = &mut self.converter;
        let out = &mut self.out;
        let mut errors = Vec::new();
        let imported = converter.row(row, &mut errors);
        let company = normalize_company(&imported.customer.company);
        if !company.is_empty() {
            match self.companies.get(&company) {
                Some(&first_line) => errors.push(converter.error(
                    row,
                    converter.column_of(CustomerColumn::Company),
                    &imported.customer.company,
                    RowErrorKind::DuplicateInFile { first_line },
                )),
                None => {
                    self.companies.insert(company, row.line);
                }
            }
        }
        if errors.is_empty() {
            out.ready += 1;
            return Some(imported);
        }
        out.failed_rows += 1;
        out.error_count += errors.len();
        let room = MAX_ERRORS.saturating_sub(out.errors.len());
        out.errors.extend(errors.into_iter().take(room));
        None
    }

    /// What the rows so far counted.
    pub fn counted(&self) -> &Converted {
        &self.out
    }

    pub fn finish(self) -> Converted {
        self.out
    }
}

/// Every row of a table converted at once, for tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::csv::Table;
    use super::*;

    /// The clean rows and what the conversion counted.
    pub struct All {
        pub rows: Vec<ImportRow>,
        pub errors: Vec<RowError>,
        pub error_count: usize,
        pub failed_rows: usize,
    }

    pub fn convert(table: &Table, mapping: &Mapping, ctx: &ConvertContext) -> All {
        let mut conversion = Conversion::new(table.header.clone(), mapping, ctx);
        let rows: Vec<ImportRow> = table.rows.iter().filter_map(|row| conversion.row(row)).collect();
        let counted = conversion.finish();
        assert_eq!(counted.ready, rows.len());
        All { rows, errors: counted.errors, error_count: counted.error_count, failed_rows: counted.failed_rows }
    }
}

/// A problem with one cell: its kind and the offending text (the cell, or an item of it).
type CellError<'v> = (RowErrorKind, &'v str);

/// A row being converted: what is deferred until every cell has been read.
#[derive(Default)]
struct Draft {
    customer: Customer,
    contact: Contact,
    has_contact: bool,
    id: Option<Id>,
    filled: Vec<CustomerColumn>,
    custom: Vec<(usize, CustomField)>,
    country: Option<usize>,
    province: Option<usize>,
}

struct Converter<'a> {
    header: Vec<String>,
    mapping: &'a Mapping,
    mapped: &'a ValueMap,
    /// Folded user name → the ids of users so named.
    users: HashMap<String, Vec<Id>>,
    /// Folded accepted text → index into the enum's `ALL`, per enum column mapped.
    values: HashMap<CustomerColumn, HashMap<String, usize>>,
    /// Resolutions already made: files repeat the same few countries and provinces.
    countries: HashMap<String, Option<&'static str>>,
    provinces: HashMap<String, Option<&'static Province>>,
}

impl<'a> Converter<'a> {
    fn new(header: Vec<String>, mapping: &'a Mapping, ctx: &ConvertContext<'a>) -> Converter<'a> {
        let mut users: HashMap<String, Vec<Id>> = HashMap::new();
        for user in ctx.users {
            users.entry(fold_key(&user.name)).or_default().push(user.id);
        }
        let values = mapping
            .0
            .iter()
            .filter_map(|target| match target {
                Target::Column(column) => labels::for_column(*column)
                    .map(|labels| (*column, labels.texts().map(|(index, text)| (fold_key(text), index)).collect())),
                _ => None,
            })
            .collect();
        let mapped = ctx.values;
        Converter { header, mapping, mapped, users, values, countries: HashMap::new(), provinces: HashMap::new() }
    }

    fn column_of(&self, column: CustomerColumn) -> Option<usize> {
        self.mapping.0.iter().position(|t| *t == Target::Column(column))
    }

    fn error(&self, row: &TableRow, column: Option<usize>, value: &str, kind: RowErrorKind) -> RowError {
        RowError {
            line: row.line,
            column,
            header: column.and_then(|c| self.header.get(c)).cloned().unwrap_or_default(),
            value: value.chars().take(MAX_ERROR_VALUE).collect(),
            kind,
        }
    }

    fn row(&mut self, row: &TableRow, errors: &mut Vec<RowError>) -> ImportRow {
        let width = self.header.len();
        let mut draft = Draft::default();
        for (i, cell) in row.cells.iter().enumerate().take(width) {
            let value = clean(cell);
            if value.is_empty() {
                continue;
            }
            if let Err((kind, part)) = self.cell(i, value, &mut draft) {
                errors.push(self.error(row, Some(i), part, kind));
            }
        }
        if let Some(extra) = (width..row.cells.len()).find(|&i| !row.cells[i].trim().is_empty()) {
            let kind = RowErrorKind::TooManyCells { expected: width, found: row.cells.len() };
            errors.push(self.error(row, Some(extra), row.cells[extra].trim(), kind));
        }
        let missing = (row.cells.len()..width).find(|&i| *self.mapping.target(i) != Target::Ignore);
        if let Some(missing) = missing {
            let kind = RowErrorKind::TooFewCells { expected: width, found: row.cells.len() };
            errors.push(self.error(row, Some(missing), "", kind));
        }
        self.place(row, &mut draft, errors);
        self.check_required(row, &draft, errors);

        let Draft { mut customer, contact, has_contact, id, filled, mut custom, .. } = draft;
        let lead = customer.team.lead;
        let mut members = Vec::new();
        for member in customer.team.members {
            if member != lead && !members.contains(&member) {
                members.push(member);
            }
        }
        customer.team.members = members;
        custom.sort_by_key(|(i, _)| *i);
        customer.custom = custom.into_iter().map(|(_, field)| field).collect();
        ImportRow {
            line: row.line,
            id,
            customer,
            contact: has_contact.then_some(Contact { primary: true, ..contact }),
            filled,
        }
    }

    /// Reads one non-empty cell into the draft.
    fn cell<'v>(&self, index: usize, value: &'v str, draft: &mut Draft) -> Result<(), CellError<'v>> {
        if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err((RowErrorKind::ControlCharacters, value));
        }
        let column = match self.mapping.target(index) {
            Target::Ignore => return Ok(()),
            Target::Custom(name) => {
                let field = CustomField { name: name.clone(), value: text(value, MAX_LONG_TEXT)? };
                draft.custom.push((index, field));
                return Ok(());
            }
            Target::Column(column) => *column,
        };
        draft.has_contact |= column.is_contact();
        draft.filled.push(column);
        if labels::for_column(column).is_some() {
            return self.choice(index, column, value, draft);
        }
        let c = &mut draft.customer;
        let contact = &mut draft.contact;
        use CustomerColumn as C;
        match column {
            C::Id => draft.id = Some(id(value)?),
            C::Company => c.company = line(value)?,
            C::Country => draft.country = Some(index),
            C::Province => draft.province = Some(index),
            C::City => c.city = line(value)?,
            C::Address => c.address = text(value, MAX_TEXT)?,
            C::Phone => c.phone = phone(value)?,
            C::Email => c.email = email(value)?,
            C::WeChat => c.wechat = line(value)?,
            C::OtherChannels => c.other_channels = text(value, MAX_TEXT)?,
            C::MainProducts => {
                c.main_products = split_list(&text(value, MAX_LONG_TEXT)?).map(str::to_owned).collect();
            }
            C::Industry => c.industry = line(value)?,
            C::ParentCompany => c.parent_company = line(value)?,
            C::CreditIndex => c.credit_index = credit_index(value)?,
            C::LostReason => c.lost_reason = text(value, MAX_LONG_TEXT)?,
            C::TeamLead => c.team.lead = self.user(value)?,
            C::TeamMembers => {
                for name in split_list(value) {
                    c.team.members.push(self.user(name)?);
                }
            }
            C::CreatedAt => c.created_at = Some(date(value)?),
            C::ModifiedAt => c.modified_at = Some(date(value)?),
            C::ContactName => contact.name = line(value)?,
            C::ContactTitle => contact.title = line(value)?,
            C::ContactPhone => contact.phone = phone(value)?,
            C::ContactEmail => contact.email = email(value)?,
            C::ContactWeChat => contact.wechat = line(value)?,
            C::Source
            | C::Communication
            | C::Lifecycle
            | C::LostKind
            | C::CustomerType
            | C::BuyerRole
            | C::Concern
            | C::Application
            | C::ContactRole => {}
        }
        Ok(())
    }

    /// Reads a cell of an enum column: a value of the enum, or a word kept as written (the
    /// column's "other" value, if any, and a custom field under its header).
    fn choice<'v>(
        &self,
        index: usize,
        column: CustomerColumn,
        value: &'v str,
        draft: &mut Draft,
    ) -> Result<(), CellError<'v>> {
        let chosen = match self.value(column, value) {
            Ok(chosen) => chosen,
            Err(error) => match self.mapped.get(column, value) {
                Some(Choice::Value(name)) => {
                    let names = labels::for_column(column).map_or(&[][..], |labels| labels.names);
                    names.iter().position(|n| n == name).ok_or(error)?
                }
                Some(Choice::AsWritten) => {
                    let written = CustomField { name: self.written_name(index, column), value: line(value)? };
                    draft.custom.push((index, written));
                    match labels::for_column(column).and_then(|labels| labels.other) {
                        Some(other) => other,
                        None => {
                            draft.filled.retain(|c| *c != column);
                            return Ok(());
                        }
                    }
                }
                Some(Choice::Refused) | None => return Err(error),
            },
        };
        let c = &mut draft.customer;
        use CustomerColumn as C;
        match column {
            C::Source => c.source = LeadSource::ALL[chosen],
            C::Communication => c.communication = CommunicationStatus::ALL[chosen],
            C::Lifecycle => c.lifecycle = Lifecycle::ALL[chosen],
            C::LostKind => c.lost_kind = Some(LostKind::ALL[chosen]),
            C::CustomerType => c.customer_type = CustomerType::ALL[chosen],
            C::BuyerRole => c.buyer_role = BuyerRole::ALL[chosen],
            C::Concern => c.concern = Concern::ALL[chosen],
            C::Application => c.application = Application::ALL[chosen],
            C::ContactRole => draft.contact.role = ContactRole::ALL[chosen],
            _ => {}
        }
        Ok(())
    }

    /// The custom field a word kept as written goes in: the column's header, or the field's
    /// stable name for a column without one.
    fn written_name(&self, index: usize, column: CustomerColumn) -> String {
        match self.header.get(index).map(|h| h.trim()) {
            Some(header) if !header.is_empty() => header.to_owned(),
            _ => column.as_str().to_owned(),
        }
    }

    /// Country and province, read together once the row is complete.
    fn place(&mut self, row: &TableRow, draft: &mut Draft, errors: &mut Vec<RowError>) {
        let country_cell = draft.country.map(|i| (i, clean(&row.cells[i])));
        let country = match country_cell {
            Some((i, value)) => {
                let code = match self.countries.get(value) {
                    Some(&code) => code,
                    None => *self.countries.entry(value.to_owned()).or_insert(country::resolve(value)),
                };
                if code.is_none() {
                    errors.push(self.error(row, Some(i), value, RowErrorKind::UnknownCountry));
                    return;
                }
                code
            }
            None => None,
        };
        if let Some(code) = country {
            draft.customer.country = code.to_owned();
        }
        let Some(i) = draft.province else {
            return;
        };
        let value = clean(&row.cells[i]);
        if country.is_some_and(|code| code != "CN") {
            match line(value) {
                Ok(value) => draft.custom.push((i, CustomField { name: self.header[i].clone(), value })),
                Err((kind, part)) => errors.push(self.error(row, Some(i), part, kind)),
            }
            return;
        }
        let province = match self.provinces.get(value) {
            Some(&province) => province,
            None => *self.provinces.entry(value.to_owned()).or_insert(find_province(value)),
        };
        let mapped = self.mapped.get(CustomerColumn::Province, value);
        let province = province.or_else(|| match mapped {
            Some(Choice::Value(code)) => region::province(code),
            _ => None,
        });
        match province {
            Some(province) => {
                draft.customer.province = province.code.to_owned();
                draft.customer.market = Some(province.market);
                draft.customer.country = "CN".to_owned();
            }
            None if mapped == Some(&Choice::AsWritten) => match line(value) {
                Ok(value) => {
                    let name = self.written_name(i, CustomerColumn::Province);
                    draft.custom.push((i, CustomField { name, value }));
                    draft.filled.retain(|c| *c != CustomerColumn::Province);
                }
                Err((kind, part)) => errors.push(self.error(row, Some(i), part, kind)),
            },
            None => errors.push(self.error(row, Some(i), value, RowErrorKind::UnknownProvince)),
        }
    }

    /// What the customer form requires of a whole customer. A required cell that was refused
    /// for its content, or cut off by a short row, is already reported as such.
    fn check_required(&self, row: &TableRow, draft: &Draft, errors: &mut Vec<RowError>) {
        let mut require = |column: CustomerColumn, kind: RowErrorKind| {
            let index = self.column_of(column);
            if index.is_none_or(|c| row.cells.get(c).is_some_and(|cell| clean(cell).is_empty())) {
                errors.push(self.error(row, index, "", kind));
            }
        };
        require(CustomerColumn::Company, RowErrorKind::MissingCompany);
        if draft.customer.lifecycle == Lifecycle::Lost {
            require(CustomerColumn::LostKind, RowErrorKind::MissingLostKind);
        }
        if draft.has_contact {
            require(CustomerColumn::ContactName, RowErrorKind::MissingContactName);
        }
        let members = self.column_of(CustomerColumn::TeamMembers).and_then(|c| row.cells.get(c));
        if members.is_some_and(|cell| !clean(cell).is_empty()) {
            require(CustomerColumn::TeamLead, RowErrorKind::MissingTeamLead);
        }
    }

    /// The index of `text` among the values of enum `column`.
    fn value<'v>(&self, column: CustomerColumn, text: &'v str) -> Result<usize, CellError<'v>> {
        let index = self.values.get(&column).and_then(|values| values.get(&fold_key(text)));
        let allowed = labels::for_column(column).map_or(&[][..], |labels| labels.names);
        index.copied().ok_or((RowErrorKind::UnknownValue { allowed }, text))
    }

    fn user<'v>(&self, name: &'v str) -> Result<Id, CellError<'v>> {
        match self.users.get(&fold_key(name)).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some([_, _, ..]) => Err((RowErrorKind::AmbiguousUser, name)),
            _ => Err((RowErrorKind::UnknownUser, name)),
        }
    }
}

/// A cell trimmed, with our export's formula escape removed.
fn clean(cell: &str) -> &str {
    let trimmed = cell.trim();
    match trimmed.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => trimmed,
    }
}

/// Multi-line text of at most `max` characters.
fn text(value: &str, max: usize) -> Result<String, CellError<'_>> {
    within(value, max)?;
    Ok(value.to_owned())
}

fn within(value: &str, max: usize) -> Result<(), CellError<'_>> {
    if value.chars().count() > max {
        return Err((RowErrorKind::TooLong { max }, value));
    }
    Ok(())
}

/// Single-line text: whitespace runs collapsed to one space, or to nothing when a line break
/// falls between two Chinese characters (Chinese has no spaces between words).
fn line(value: &str) -> Result<String, CellError<'_>> {
    one_line(value, |c| c)
}

/// Single-line text with full-width characters folded, for phones and e-mail addresses.
fn folded_line(value: &str) -> Result<String, CellError<'_>> {
    one_line(value, fold_width)
}

fn one_line(value: &str, map: fn(char) -> char) -> Result<String, CellError<'_>> {
    let mut out = String::with_capacity(value.len());
    // Inside a whitespace run: whether it holds a line break.
    let mut gap: Option<bool> = None;
    for c in value.chars().map(map) {
        if c.is_whitespace() {
            gap = Some(gap.unwrap_or(false) || matches!(c, '\n' | '\r'));
            continue;
        }
        if let Some(line_break) = gap.take() {
            let chinese = line_break && out.chars().next_back().is_some_and(is_cjk) && is_cjk(c);
            if !out.is_empty() && !chinese {
                out.push(' ');
            }
        }
        out.push(c);
    }
    within(&out, MAX_TEXT).map_err(|(kind, _)| (kind, value))?;
    Ok(out)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn phone(value: &str) -> Result<String, CellError<'_>> {
    let phone = folded_line(value)?;
    if is_phone(&phone) {
        Ok(phone)
    } else {
        Err((RowErrorKind::InvalidPhone, value))
    }
}

fn email(value: &str) -> Result<String, CellError<'_>> {
    let email = folded_line(value)?;
    if is_email(&email) {
        Ok(email)
    } else {
        Err((RowErrorKind::InvalidEmail, value))
    }
}

fn credit_index(value: &str) -> Result<u8, CellError<'_>> {
    let number = parse_whole_number(value).ok_or((RowErrorKind::InvalidNumber, value))?;
    u8::try_from(number).ok().filter(|&n| n <= 100).ok_or((RowErrorKind::OutOfRange { min: 0, max: 100 }, value))
}

fn id(value: &str) -> Result<Id, CellError<'_>> {
    match parse_whole_number(value) {
        Some(id @ 1..=MAX_ID) => Ok(id as Id),
        _ => Err((RowErrorKind::InvalidNumber, value)),
    }
}

fn date(value: &str) -> Result<crate::domain::date::Date, CellError<'_>> {
    parse_date(value).ok_or((RowErrorKind::InvalidDate, value))
}

#[cfg(test)]
mod tests {
    use super::super::csv::{parse, Table};
    use super::super::mapping::suggest;
    use super::testing::{convert, All};
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::region::MarketType;

    const MAVEN_ACCOUNTS: &str = include_str!("../../../tests/fixtures/maven-crm/accounts.csv");

    fn users() -> Vec<User> {
        let user = |id: Id, name: &str| User { id, name: name.into(), active: true, ..User::default() };
        vec![user(1, "Anna Snelling"), user(2, "王伟"), user(3, "王伟"), user(4, "李娜"), user(5, "Moses Frase")]
    }

    /// Parses `text`, maps it as suggested and converts it.
    fn import(text: &str) -> All {
        let table = parse(text).expect("a table");
        let mapping = suggest(&table.header, &[]);
        convert(&table, &mapping, &ConvertContext { users: &users(), ..ConvertContext::default() })
    }

    fn only_customer(text: &str) -> Customer {
        let converted = import(text);
        assert_eq!(converted.errors, [], "{text}");
        converted.rows.into_iter().next().expect("one row").customer
    }

    fn custom(fields: &[(&str, &str)]) -> Vec<CustomField> {
        fields.iter().map(|(name, value)| CustomField { name: name.to_string(), value: value.to_string() }).collect()
    }

    #[test]
    fn every_maven_account_converts() {
        let converted = import(MAVEN_ACCOUNTS);
        assert_eq!(converted.errors, []);
        assert_eq!((converted.rows.len(), converted.error_count, converted.failed_rows), (85, 0, 0));
        let lines: Vec<usize> = converted.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, (2..=86).collect::<Vec<_>>());
        let acme = &converted.rows[0];
        assert_eq!(acme.id, None);
        assert_eq!(acme.contact, None);
        assert_eq!(acme.customer.company, "Acme Corporation");
        assert_eq!(acme.customer.industry, "technolgy", "the customer's data, typo and all");
        assert_eq!(acme.customer.country, "US");
        assert_eq!(acme.customer.parent_company, "");
        assert_eq!(
            acme.customer.custom,
            custom(&[("year_established", "1996"), ("revenue", "1100.04"), ("employees", "2822")])
        );
        let by_name = |name: &str| &converted.rows.iter().find(|r| r.customer.company == name).unwrap().customer;
        assert_eq!(by_name("Bioholding").country, "PH", "Philipines");
        assert_eq!(by_name("Betatech").country, "KE");
        assert_eq!(by_name("Bubba Gump").parent_company, "");
        let subsidiaries = converted.rows.iter().filter(|r| !r.customer.parent_company.is_empty()).count();
        assert_eq!(subsidiaries, 15);
        let mut countries: Vec<&str> = converted.rows.iter().map(|r| r.customer.country.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        assert_eq!(
            countries,
            ["BE", "BR", "CN", "DE", "IT", "JO", "JP", "KE", "KR", "NO", "PA", "PH", "PL", "RO", "US"]
        );
        assert!(converted.rows.iter().all(|r| r.customer.province.is_empty() && r.customer.market.is_none()));
    }

    /// The header of the error cases; `cells` fills some columns of a row and leaves the rest empty.
    const HEADER: [&str; 16] = [
        "company",
        "country",
        "province",
        "email",
        "phone",
        "lifecycle",
        "lost_kind",
        "credit_index",
        "created_at",
        "team_lead",
        "team_members",
        "contact_name",
        "contact_phone",
        "id",
        "note",
        "main_products",
    ];

    fn table_text(rows: &[&[(usize, &str)]]) -> String {
        let mut text = HEADER.join(",");
        for cells in rows {
            let mut row = vec![String::new(); HEADER.len()];
            for (column, value) in *cells {
                row[*column] = format!("\"{}\"", value.replace('"', "\"\""));
            }
            text.push('\n');
            text.push_str(&row.join(","));
        }
        text.push('\n');
        text
    }

    #[test]
    fn each_row_error_names_its_row_and_column() {
        let long = "x".repeat(201);
        let longer = "y".repeat(2001);
        let lifecycles = labels::LIFECYCLE.names;
        use RowErrorKind as K;
        type Cells<'a> = Vec<(usize, &'a str)>;
        type Expected<'a> = Vec<(Option<usize>, &'a str, RowErrorKind)>;
        let cases: Vec<(Cells, Expected)> = vec![
            (vec![(1, "CN")], vec![(Some(0), "", K::MissingCompany)]),
            (vec![(0, "A"), (3, "not-an-email")], vec![(Some(3), "not-an-email", K::InvalidEmail)]),
            (vec![(0, "A"), (4, "12-34")], vec![(Some(4), "12-34", K::InvalidPhone)]),
            (vec![(0, "A"), (4, "call 138")], vec![(Some(4), "call 138", K::InvalidPhone)]),
            (vec![(0, "A"), (1, "Atlantis")], vec![(Some(1), "Atlantis", K::UnknownCountry)]),
            (vec![(0, "A"), (2, "Gotham")], vec![(Some(2), "Gotham", K::UnknownProvince)]),
            (vec![(0, "A"), (1, "CN"), (2, "长沙")], vec![(Some(2), "长沙", K::UnknownProvince)]),
            (vec![(0, "A"), (5, "maybe")], vec![(Some(5), "maybe", K::UnknownValue { allowed: lifecycles })]),
            (vec![(0, "A"), (7, "high")], vec![(Some(7), "high", K::InvalidNumber)]),
            (vec![(0, "A"), (7, "101")], vec![(Some(7), "101", K::OutOfRange { min: 0, max: 100 })]),
            (vec![(0, "A"), (7, "'-1")], vec![(Some(7), "-1", K::OutOfRange { min: 0, max: 100 })]),
            (vec![(0, "A"), (8, "yesterday")], vec![(Some(8), "yesterday", K::InvalidDate)]),
            (vec![(0, "A"), (9, "Nobody")], vec![(Some(9), "Nobody", K::UnknownUser)]),
            (vec![(0, "A"), (9, "王伟")], vec![(Some(9), "王伟", K::AmbiguousUser)]),
            (vec![(0, "A"), (9, "李娜"), (10, "Anna Snelling、Nobody")], vec![(Some(10), "Nobody", K::UnknownUser)]),
            (vec![(0, "A"), (10, "李娜")], vec![(Some(9), "", K::MissingTeamLead)]),
            (vec![(0, &long)], vec![(Some(0), &long, K::TooLong { max: 200 })]),
            (vec![(0, "A"), (14, &longer)], vec![(Some(14), &longer, K::TooLong { max: 2000 })]),
            (vec![(0, "A\u{7}B")], vec![(Some(0), "A\u{7}B", K::ControlCharacters)]),
            (vec![(0, "A"), (5, "lost")], vec![(Some(6), "", K::MissingLostKind)]),
            (
                vec![(0, "A"), (5, "lost"), (6, "bored")],
                vec![(Some(6), "bored", K::UnknownValue { allowed: labels::LOST_KIND.names })],
            ),
            (vec![(0, "A"), (9, "Nobody"), (10, "李娜")], vec![(Some(9), "Nobody", K::UnknownUser)]),
            (vec![(0, "A"), (11, &long), (12, "13800138000")], vec![(Some(11), &long, K::TooLong { max: 200 })]),
            (vec![(0, "A"), (12, "13800138000")], vec![(Some(11), "", K::MissingContactName)]),
            (vec![(0, "A"), (13, "abc")], vec![(Some(13), "abc", K::InvalidNumber)]),
            (vec![(0, "A"), (13, "0")], vec![(Some(13), "0", K::InvalidNumber)]),
            (
                vec![(0, "A"), (3, "a@b"), (4, "123"), (8, "2024-02-30")],
                vec![
                    (Some(3), "a@b", K::InvalidEmail),
                    (Some(4), "123", K::InvalidPhone),
                    (Some(8), "2024-02-30", K::InvalidDate),
                ],
            ),
        ];
        for (cells, expected) in cases {
            let converted = import(&table_text(&[&[(0, "Fine Ltd")], &cells]));
            let expected: Vec<RowError> = expected
                .into_iter()
                .map(|(column, value, kind)| RowError {
                    line: 3,
                    column,
                    header: column.map(|c| HEADER[c].to_owned()).unwrap_or_default(),
                    value: value.chars().take(200).collect(),
                    kind,
                })
                .collect();
            assert_eq!(converted.errors, expected, "{cells:?}");
            assert_eq!((converted.rows.len(), converted.failed_rows, converted.error_count), (1, 1, expected.len()));
        }
    }

    #[test]
    fn no_company_column_fails_every_row() {
        let table = parse("name,phone\nAcme,13800138000\n").unwrap();
        let mapping = Mapping(vec![Target::Custom("name".into()), Target::Column(CustomerColumn::Phone)]);
        let converted = convert(&table, &mapping, &ConvertContext::default());
        let error = RowError {
            line: 2,
            column: None,
            header: String::new(),
            value: String::new(),
            kind: RowErrorKind::MissingCompany,
        };
        assert_eq!(converted.errors, [error]);
    }

    #[test]
    fn ragged_rows() {
        use RowErrorKind as K;
        let text = "company,phone,note\nA,13800138000,x\nB,13800138000,x,extra,\nC,13800138000,x,,\nD,13800138000\nE\n";
        let converted = import(text);
        let error = |line, column: usize, header: &str, value: &str, kind| RowError {
            line,
            column: Some(column),
            header: header.into(),
            value: value.into(),
            kind,
        };
        assert_eq!(
            converted.errors,
            [
                error(3, 3, "", "extra", K::TooManyCells { expected: 3, found: 5 }),
                error(5, 2, "note", "", K::TooFewCells { expected: 3, found: 2 }),
                error(6, 1, "phone", "", K::TooFewCells { expected: 3, found: 1 }),
            ]
        );
        let imported: Vec<&str> = converted.rows.iter().map(|r| r.customer.company.as_str()).collect();
        assert_eq!(imported, ["A", "C"], "empty cells past the header are harmless");

        // Missing cells of ignored columns do not matter.
        let table = parse(text).unwrap();
        let mapping = Mapping(vec![Target::Column(CustomerColumn::Company), Target::Ignore, Target::Ignore]);
        let converted = convert(&table, &mapping, &ConvertContext::default());
        assert_eq!(converted.errors.len(), 1);
        assert_eq!(converted.errors[0].kind, K::TooManyCells { expected: 3, found: 5 });
        assert_eq!(converted.rows.len(), 4);
    }

    #[test]
    fn values_in_every_accepted_form() {
        let text = "公司名称,省份,城市,详细地址,联系人,职务,手机,电话,邮箱,主营产品,客户来源,客户状态,流失类型,\
                    客户类型,购买角色,关注重点,应用领域,沟通状态,信用指数,业务员,团队成员,创建时间,修改时间,角色,年产值,备注\n\
                    \"长沙中联重科工程机械\n有限公司\",湖南省,长沙,\"岳麓区\n银盆南路 361 号\",张三,采购经理,'+86 138 0013 8000,\
                    0731-8888 1234,ＳＡＬＥＳ＠ＺＯＯＭＬＩＯＮ．ＣＯＭ,挖掘机、泵车/起重机,展会,流失,竞争流失,国企,Owner,\
                    productivity,Mining,In discussion,85.0, 李娜 ,李娜;Anna Snelling;anna  snelling,2024年3月5日,45356,\
                    decision_maker,,=SUM(A1)\n";
        let converted = import(text);
        assert_eq!(converted.errors, []);
        let row = &converted.rows[0];
        let date = Date::parse("2024-03-05").ok();
        let expected = Customer {
            company: "长沙中联重科工程机械有限公司".into(),
            country: "CN".into(),
            province: "CN-HN".into(),
            city: "长沙".into(),
            address: "岳麓区\n银盆南路 361 号".into(),
            phone: "0731-8888 1234".into(),
            email: "SALES@ZOOMLION.COM".into(),
            main_products: vec!["挖掘机".into(), "泵车".into(), "起重机".into()],
            custom: custom(&[("备注", "=SUM(A1)")]),
            source: LeadSource::TradeShow,
            communication: CommunicationStatus::InDiscussion,
            credit_index: 85,
            lifecycle: Lifecycle::Lost,
            lost_kind: Some(LostKind::Competitor),
            customer_type: CustomerType::StateOwned,
            buyer_role: BuyerRole::Owner,
            concern: Concern::Productivity,
            application: Application::Mining,
            market: Some(MarketType::Enterprise),
            team: crate::domain::model::AccountTeam { lead: 4, members: vec![1] },
            created_at: date,
            modified_at: date,
            ..Customer::default()
        };
        assert_eq!(row.customer, expected);
        let contact = Contact {
            name: "张三".into(),
            title: "采购经理".into(),
            phone: "+86 138 0013 8000".into(),
            role: ContactRole::DecisionMaker,
            primary: true,
            ..Contact::default()
        };
        assert_eq!(row.contact, Some(contact));
    }

    #[test]
    fn single_line_fields_join_broken_lines() {
        for (typed, stored) in [
            ("Acme\n  Heavy\tIndustries", "Acme Heavy Industries"),
            ("长沙中联\n重科", "长沙中联重科"),
            ("三一 重工", "三一 重工"),
            ("Sany\n重工", "Sany 重工"),
        ] {
            assert_eq!(line(typed), Ok(stored.to_owned()), "{typed:?}");
        }
    }

    #[test]
    fn formulas_and_markup_are_text() {
        let text = "company,note\n\
                    <script>alert(1)</script>,'=SUM(A1)\n\
                    '@Acme,'hello\n\
                    =SUM(A1),'-5\n\
                    '+Plus,''=x\n";
        let converted = import(text);
        assert_eq!(converted.errors, []);
        let got: Vec<(&str, &str)> =
            converted.rows.iter().map(|r| (r.customer.company.as_str(), r.customer.custom[0].value.as_str())).collect();
        assert_eq!(
            got,
            [("<script>alert(1)</script>", "=SUM(A1)"), ("@Acme", "'hello"), ("=SUM(A1)", "-5"), ("+Plus", "''=x"),]
        );
    }

    #[test]
    fn provinces_place_customers() {
        for (country, province, expected_country, expected_province, expected_custom) in [
            ("", "四川省", "CN", "CN-SC", vec![]),
            ("中国", "Sichuan", "CN", "CN-SC", vec![]),
            ("", "", "", "", vec![]),
            ("US", "California", "US", "", vec![("state", "California")]),
            ("Japan", "", "JP", "", vec![]),
        ] {
            let text = format!("company,country,state\nAcme,{country},{province}\n");
            let customer = only_customer(&text);
            assert_eq!(
                (customer.country.as_str(), customer.province.as_str(), customer.custom),
                (expected_country, expected_province, custom(&expected_custom)),
                "{country} {province}"
            );
            assert_eq!(customer.market.is_some(), !expected_province.is_empty());
        }
    }

    #[test]
    fn duplicate_companies_in_one_file() {
        let text = "company\n长沙中联重科工程机械有限公司\nAcme Inc\n长沙中联重科工程机械\nACME\nAcme Holding\n";
        let converted = import(text);
        let duplicate = |line, value: &str, first_line| RowError {
            line,
            column: Some(0),
            header: "company".into(),
            value: value.into(),
            kind: RowErrorKind::DuplicateInFile { first_line },
        };
        assert_eq!(converted.errors, [duplicate(4, "长沙中联重科工程机械", 2), duplicate(5, "ACME", 3)]);
        assert_eq!(converted.rows.len(), 3);
    }

    #[test]
    fn errors_are_capped_but_counted() {
        let mut text = String::from("company,phone\n");
        for _ in 0..1_500 {
            text.push_str(",13800138000\n");
        }
        let converted = import(&text);
        assert_eq!(converted.errors.len(), MAX_ERRORS);
        assert_eq!((converted.error_count, converted.failed_rows, converted.rows.len()), (1_500, 1_500, 0));
        assert_eq!(converted.errors[999].line, 1_001);
    }

    #[test]
    fn spreadsheet_rows_convert_the_same_way() {
        let rows = vec![
            vec!["Company".to_string(), "Created".into(), "Credit".into()],
            vec!["Acme".into(), "45356".into(), "85".into()],
        ];
        let table = Table::from_rows(rows).unwrap();
        let mapping = suggest(&table.header, &[]);
        let converted = convert(&table, &mapping, &ConvertContext::default());
        assert_eq!(converted.errors, []);
        assert_eq!(converted.rows[0].customer.created_at, Date::parse("2024-03-05").ok());
        assert_eq!(converted.rows[0].customer.credit_index, 85);
    }

    #[test]
    fn an_exported_id_is_kept_for_the_caller() {
        let converted = import("id,company\n42,Acme\n");
        assert_eq!(converted.rows[0].id, Some(42));
        assert_eq!(converted.rows[0].customer.id, 0);
    }

    #[test]
    fn converts_many_rows() {
        let mut text = String::from("客户名称,省份,城市,电话,邮箱,信用指数\n");
        for i in 0..100_000 {
            text.push_str(&format!("客户{i}有限公司,湖南,长沙,0731-{i:08},c{i}@example.com,{}\n", i % 101));
        }
        let converted = import(&text);
        assert_eq!(converted.errors, []);
        assert_eq!(converted.rows.len(), 100_000);
        assert_eq!(converted.rows[99_999].line, 100_001);
        assert_eq!(converted.rows[99_999].customer.province, "CN-HN");
    }
}
