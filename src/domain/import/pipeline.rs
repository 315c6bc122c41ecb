//! A sales-pipeline file like Maven's `sales_pipeline.csv` (`opportunity_id, sales_agent,
//! product, account, deal_stage, engage_date, close_date, close_value`) to opportunities, and the
//! product list it names (`products.csv`: `product, series, sales_price`).
//!
//! Stages: Maven's deals go Prospecting → Engaging → Won / Lost. Prospecting is a deal found but
//! not yet worked: 鉴别商机 (identify). Engaging starts on the day the agent began working the deal
//! with the account; the file records no qualification or proposal step, and working a deal with
//! the customer is 开发阶段 (develop), so Engaging is develop. Won and lost are the result.
//!
//! Dates: the engage date is the deal's first known day (`created`) and the day it entered
//! development; the close date is the day of the result. Prospecting deals carry no date at all
//! and are kept undated (their stage entry has no date). The file has no expected close dates.
//!
//! Value: a won deal's `close_value`; a lost deal's file value is 0 (no revenue), and an open deal
//! has none, so both take the product's list price, the value at stake.
//!
//! Owner: the sales agent, by name among the users (case, width and spaces ignored). Customer: the
//! account by company name as duplicates are found ([`normalize_company`]); an open deal without
//! an account is kept with no customer (customer id 0). Product: the product list's entry whose
//! name has the same letters and digits (case, spaces and punctuation ignored), so "GTXPro" is
//! "GTX Pro" without an alias table.
//!
//! Every row problem is reported with its line and column, all rows read; rows with errors are
//! left out of [`PipelineImport::rows`].
//!
//! Importing again: [`plan_pipeline`] matches rows to stored opportunities by the file's id
//! (`external_id`). The file is the record of the deals it holds, so a matched deal takes the
//! file's customer, product, value, owner, stage and dates and keeps what was added here (title,
//! MAN, ticked criteria, calls); one the file left as it was is unchanged. Rows without an id
//! cannot be matched and are added.

use super::csv::{Table, TableRow};
use super::values::{parse_date, parse_whole_number};
use super::{fold_key, normalize_company, MAX_ERROR_VALUE};
use crate::domain::date::Date;
use crate::domain::model::{Customer, FunnelStage, Id, Opportunity, StageChange, User};
use crate::domain::money::Cny;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// A product of the list the pipeline names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogueProduct {
    pub name: String,
    pub series: String,
    pub list_price: Cny,
}

/// What the conversion matches names against.
#[derive(Clone, Copy, Debug, Default)]
pub struct PipelineContext<'a> {
    pub users: &'a [User],
    pub customers: &'a [Customer],
    pub products: &'a [CatalogueProduct],
}

/// A file that cannot be read as a pipeline or product list at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PipelineError {
    /// No column holds this (the first header name looked for).
    MissingColumn(&'static str),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineRowError {
    pub line: usize,
    /// 0-based header index.
    pub column: usize,
    pub header: String,
    pub value: String,
    pub kind: PipelineErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipelineErrorKind {
    /// A required cell (agent, product, stage) is empty.
    Missing,
    /// Not Prospecting, Engaging, Won or Lost.
    UnknownStage,
    UnknownUser,
    AmbiguousUser,
    /// An account no customer is named.
    UnknownCustomer,
    UnknownProduct,
    /// Two products of the list have this name once case and spacing are ignored.
    AmbiguousProduct,
    InvalidDate,
    /// Not a whole, non-negative amount.
    InvalidAmount,
    /// A won or lost deal without its close date.
    MissingCloseDate,
    /// The close date is before the engage date.
    CloseBeforeEngage,
    /// The row stops before the last column read.
    TooFewCells,
    /// An opportunity id an earlier row of the file already has.
    DuplicateId {
        first_line: usize,
    },
}

/// A row that converted cleanly; the opportunity's id is 0 (the caller assigns ids).
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineRow {
    pub line: usize,
    /// The file's own id of the deal (`opportunity_id`), for matching a re-import.
    pub external_id: String,
    pub opportunity: Opportunity,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PipelineImport {
    pub rows: Vec<PipelineRow>,
    /// Every row error, in row then column order.
    pub errors: Vec<PipelineRowError>,
    pub failed_rows: usize,
}

fn find_column(table: &Table, names: &[&'static str]) -> Option<usize> {
    let keys: Vec<String> = names.iter().map(|n| fold_key(n)).collect();
    table.header.iter().position(|h| keys.contains(&fold_key(h)))
}

fn require(table: &Table, names: &[&'static str]) -> Result<usize, PipelineError> {
    find_column(table, names).ok_or(PipelineError::MissingColumn(names[0]))
}

fn row_error(table: &Table, row: &TableRow, column: usize, kind: PipelineErrorKind) -> PipelineRowError {
    PipelineRowError {
        line: row.line,
        column,
        header: table.header.get(column).cloned().unwrap_or_default(),
        value: row.cells.get(column).map_or("", |c| c.trim()).chars().take(MAX_ERROR_VALUE).collect(),
        kind,
    }
}

/// The product list: name, series and list price per row.
pub fn read_products(table: &Table) -> Result<(Vec<CatalogueProduct>, Vec<PipelineRowError>), PipelineError> {
    let name = require(table, &["product", "product name", "产品", "产品名称"])?;
    let price = require(table, &["sales_price", "price", "list price", "价格", "售价"])?;
    let series = find_column(table, &["series", "系列"]);
    let (mut products, mut errors) = (Vec::new(), Vec::new());
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map_or("", |c| c.trim());
        if cell(name).is_empty() {
            errors.push(row_error(table, row, name, PipelineErrorKind::Missing));
            continue;
        }
        match amount(cell(price)) {
            Some(list_price) => products.push(CatalogueProduct {
                name: cell(name).to_owned(),
                series: series.map_or("", cell).to_owned(),
                list_price,
            }),
            None => errors.push(row_error(table, row, price, PipelineErrorKind::InvalidAmount)),
        }
    }
    Ok((products, errors))
}

/// A whole amount of yuan (the file's unit), never negative.
fn amount(text: &str) -> Option<Cny> {
    parse_whole_number(text).filter(|&n| (0..=1_000_000_000).contains(&n)).map(Cny::from_yuan)
}

/// Converts every row of a pipeline table (see the module docs).
pub fn convert_pipeline(table: &Table, ctx: &PipelineContext) -> Result<PipelineImport, PipelineError> {
    let stage_column = require(table, &["deal_stage", "stage", "阶段", "商机阶段"])?;
    let agent_column = require(table, &["sales_agent", "agent", "owner", "销售", "负责人"])?;
    let product_column = require(table, &["product", "产品"])?;
    let id_column = find_column(table, &["opportunity_id", "id", "商机编号"]);
    let account_column = find_column(table, &["account", "customer", "company", "客户", "公司"]);
    let engage_column = find_column(table, &["engage_date", "engaged", "开始日期"]);
    let close_column = find_column(table, &["close_date", "closed", "成交日期", "结束日期"]);
    let value_column = find_column(table, &["close_value", "value", "金额"]);
    let last_column = [Some(stage_column), Some(agent_column), Some(product_column), id_column, account_column]
        .into_iter()
        .chain([engage_column, close_column, value_column])
        .flatten()
        .max()
        .unwrap_or(0);

    let mut users: HashMap<String, Vec<Id>> = HashMap::new();
    for user in ctx.users {
        users.entry(fold_key(&user.name)).or_default().push(user.id);
    }
    let customers: HashMap<String, Id> =
        ctx.customers.iter().rev().map(|c| (normalize_company(&c.company), c.id)).collect();
    let mut products: HashMap<String, Vec<&CatalogueProduct>> = HashMap::new();
    for product in ctx.products {
        products.entry(fold_key(&product.name)).or_default().push(product);
    }

    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut out = PipelineImport::default();
    for row in &table.rows {
        let mut errors = Vec::new();
        let cell = |i: usize| row.cells.get(i).map_or("", |c| c.trim());
        let mut fail = |column, kind| errors.push(row_error(table, row, column, kind));
        if row.cells.len() <= last_column {
            fail(row.cells.len(), PipelineErrorKind::TooFewCells);
        }
        let stage = match fold_key(cell(stage_column)).as_str() {
            "" => {
                fail(stage_column, PipelineErrorKind::Missing);
                None
            }
            "prospecting" => Some(FunnelStage::Identify),
            "engaging" => Some(FunnelStage::Develop),
            "won" => Some(FunnelStage::Won),
            "lost" => Some(FunnelStage::Lost),
            _ => {
                fail(stage_column, PipelineErrorKind::UnknownStage);
                None
            }
        };
        let owner = match users.get(&fold_key(cell(agent_column))).map(Vec::as_slice) {
            _ if cell(agent_column).is_empty() => {
                fail(agent_column, PipelineErrorKind::Missing);
                0
            }
            Some([id]) => *id,
            Some([_, _, ..]) => {
                fail(agent_column, PipelineErrorKind::AmbiguousUser);
                0
            }
            _ => {
                fail(agent_column, PipelineErrorKind::UnknownUser);
                0
            }
        };
        let product = match products.get(&fold_key(cell(product_column))).map(Vec::as_slice) {
            _ if cell(product_column).is_empty() => {
                fail(product_column, PipelineErrorKind::Missing);
                None
            }
            Some([product]) => Some(*product),
            Some([_, _, ..]) => {
                fail(product_column, PipelineErrorKind::AmbiguousProduct);
                None
            }
            _ => {
                fail(product_column, PipelineErrorKind::UnknownProduct);
                None
            }
        };
        let customer_id = match account_column.map(|c| (c, cell(c))) {
            Some((column, account)) if !account.is_empty() => {
                customers.get(&normalize_company(account)).copied().unwrap_or_else(|| {
                    fail(column, PipelineErrorKind::UnknownCustomer);
                    0
                })
            }
            _ => 0,
        };
        let mut date_of = |column: Option<usize>| -> Option<Date> {
            let column = column?;
            let text = cell(column);
            if text.is_empty() {
                return None;
            }
            let date = parse_date(text);
            if date.is_none() {
                fail(column, PipelineErrorKind::InvalidDate);
            }
            date
        };
        let engaged = date_of(engage_column);
        let closed = date_of(close_column);
        let close_value = match value_column.map(|c| (c, cell(c))) {
            Some((column, text)) if !text.is_empty() => amount(text).or_else(|| {
                fail(column, PipelineErrorKind::InvalidAmount);
                None
            }),
            _ => None,
        };
        if let Some(column) = id_column.filter(|&c| !cell(c).is_empty()) {
            match seen_ids.entry(fold_key(cell(column))) {
                Entry::Occupied(first) => fail(column, PipelineErrorKind::DuplicateId { first_line: *first.get() }),
                Entry::Vacant(slot) => {
                    slot.insert(row.line);
                }
            }
        }
        let close_cell = close_column.unwrap_or(stage_column);
        if stage.is_some_and(|s| !s.is_open()) {
            match (closed, engaged) {
                (None, _) if close_column.is_none_or(|c| cell(c).is_empty()) => {
                    fail(close_cell, PipelineErrorKind::MissingCloseDate)
                }
                (Some(close), Some(engage)) if close < engage => fail(close_cell, PipelineErrorKind::CloseBeforeEngage),
                _ => {}
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.column);
            out.failed_rows += 1;
            out.errors.extend(errors);
            continue;
        }
        let (Some(stage), Some(product)) = (stage, product) else { continue };
        let mut history = Vec::with_capacity(2);
        match stage {
            FunnelStage::Identify => history.push(StageChange { stage, date: None }),
            _ => {
                history.push(StageChange { stage: FunnelStage::Develop, date: engaged });
                if !stage.is_open() {
                    history.push(StageChange { stage, date: closed });
                }
            }
        }
        let external_id = id_column.map_or("", cell).to_owned();
        out.rows.push(PipelineRow {
            line: row.line,
            opportunity: Opportunity {
                customer_id,
                title: external_id.clone(),
                product: product.name.clone(),
                value: match stage {
                    FunnelStage::Won => close_value.unwrap_or(product.list_price),
                    _ => product.list_price,
                },
                owner,
                stage,
                created: engaged,
                history,
                external_id: external_id.clone(),
                ..Opportunity::default()
            },
            external_id,
        });
    }
    Ok(out)
}

/// One opportunity an import writes: a new one, or a stored one the file changed.
#[derive(Clone, Debug, PartialEq)]
pub enum PipelineWrite {
    Created(Opportunity),
    /// `before` is boxed so a plan of mostly new deals does not carry two records per row.
    Updated {
        before: Box<Opportunity>,
        after: Opportunity,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PipelineCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// The writes of importing `rows` into a workspace holding `stored` (see the module docs); new
/// opportunities get their ids from `new_id`.
pub fn plan_pipeline(
    rows: impl IntoIterator<Item = PipelineRow>,
    stored: &[Opportunity],
    mut new_id: impl FnMut() -> Id,
) -> (Vec<PipelineWrite>, PipelineCounts) {
    let by_id: HashMap<String, &Opportunity> =
        stored.iter().filter(|o| !o.external_id.is_empty()).map(|o| (fold_key(&o.external_id), o)).collect();
    let mut counts = PipelineCounts::default();
    let mut writes = Vec::new();
    for row in rows {
        let file = row.opportunity;
        let found = (!row.external_id.is_empty()).then(|| by_id.get(&fold_key(&row.external_id))).flatten();
        match found {
            None => {
                counts.created += 1;
                writes.push(PipelineWrite::Created(Opportunity { id: new_id(), ..file }));
            }
            Some(&before) => {
                let after = Opportunity {
                    customer_id: file.customer_id,
                    product: file.product,
                    value: file.value,
                    owner: file.owner,
                    stage: file.stage,
                    created: file.created,
                    history: file.history,
                    ..before.clone()
                };
                if after == *before {
                    counts.unchanged += 1;
                } else {
                    counts.updated += 1;
                    writes.push(PipelineWrite::Updated { before: Box::new(before.clone()), after });
                }
            }
        }
    }
    (writes, counts)
}

#[cfg(test)]
mod tests {
    use super::super::csv::parse;
    use super::super::users::convert_users;
    use super::*;

    const MAVEN_PIPELINE: &str = include_str!("../../../tests/fixtures/maven-crm/sales_pipeline.csv");
    const MAVEN_PRODUCTS: &str = include_str!("../../../tests/fixtures/maven-crm/products.csv");
    const MAVEN_TEAMS: &str = include_str!("../../../tests/fixtures/maven-crm/sales_teams.csv");
    const MAVEN_ACCOUNTS: &str = include_str!("../../../tests/fixtures/maven-crm/accounts.csv");

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn products() -> Vec<CatalogueProduct> {
        let (products, errors) = read_products(&parse(MAVEN_PRODUCTS).unwrap()).unwrap();
        assert!(errors.is_empty());
        products
    }

    fn context_data() -> (Vec<User>, Vec<Customer>) {
        let users = vec![
            User { id: 1, name: "Moses Frase".into(), ..User::default() },
            User { id: 2, name: "Darcel Schlecht".into(), ..User::default() },
            User { id: 3, name: "Twin Name".into(), ..User::default() },
            User { id: 4, name: "twin  name".into(), ..User::default() },
        ];
        let customers = vec![
            Customer { id: 10, company: "Cancity".into(), ..Customer::default() },
            Customer { id: 11, company: "Isdom Inc.".into(), ..Customer::default() },
        ];
        (users, customers)
    }

    #[test]
    fn products_read_with_prices() {
        let products = products();
        assert_eq!(products.len(), 7);
        assert_eq!(
            products[1],
            CatalogueProduct { name: "GTX Pro".into(), series: "GTX".into(), list_price: Cny::from_yuan(4_821) }
        );
    }

    #[test]
    fn rows_become_opportunities() {
        let text = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
            A1,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n\
            A2,Darcel Schlecht,GTXPro,Isdom,Lost,2016-10-25,2017-03-11,0\n\
            A3,moses  frase,MG Special,,Engaging,2016-11-03,,\n\
            A4,Darcel Schlecht,gtx basic,,Prospecting,,,\n";
        let (users, customers) = context_data();
        let products = products();
        let ctx = PipelineContext { users: &users, customers: &customers, products: &products };
        let import = convert_pipeline(&parse(text).unwrap(), &ctx).unwrap();
        assert_eq!(import.errors, []);
        let summary: Vec<_> = import
            .rows
            .iter()
            .map(|r| {
                let o = &r.opportunity;
                (
                    r.line,
                    r.external_id.as_str(),
                    o.owner,
                    o.customer_id,
                    o.product.as_str(),
                    o.stage,
                    o.value,
                    o.created,
                )
            })
            .collect();
        use FunnelStage as S;
        assert_eq!(
            summary,
            [
                (2, "A1", 1, 10, "GTX Plus Basic", S::Won, Cny::from_yuan(1_054), Some(d("2016-10-20"))),
                (3, "A2", 2, 11, "GTX Pro", S::Lost, Cny::from_yuan(4_821), Some(d("2016-10-25"))),
                (4, "A3", 1, 0, "MG Special", S::Develop, Cny::from_yuan(55), Some(d("2016-11-03"))),
                (5, "A4", 2, 0, "GTX Basic", S::Identify, Cny::from_yuan(550), None),
            ]
        );
        let change = |stage, date: Option<&str>| StageChange { stage, date: date.map(d) };
        assert_eq!(
            import.rows[0].opportunity.history,
            [change(S::Develop, Some("2016-10-20")), change(S::Won, Some("2017-03-01"))]
        );
        assert_eq!(import.rows[2].opportunity.history, [change(S::Develop, Some("2016-11-03"))]);
        assert_eq!(import.rows[3].opportunity.history, [change(S::Identify, None)]);
    }

    #[test]
    fn row_problems_with_line_and_column() {
        let text = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
            B1,Nobody,GTX Pro,Cancity,Won,2017-01-01,2017-02-01,10\n\
            B2,Twin Name,Hover Board,Unknown Co,Done,2017-01-01,,\n\
            B3,Moses Frase,,Cancity,Won,2017-02-01,2017-01-01,-5\n\
            B4,Moses Frase,GTX Pro,Cancity,Lost,2017/13/01,,\n\
            B5,Moses Frase,GTX Pro,Cancity,Engaging\n";
        let (users, customers) = context_data();
        let products = products();
        let ctx = PipelineContext { users: &users, customers: &customers, products: &products };
        let import = convert_pipeline(&parse(text).unwrap(), &ctx).unwrap();
        use PipelineErrorKind as K;
        let errors: Vec<(usize, usize, &str, K)> =
            import.errors.iter().map(|e| (e.line, e.column, e.value.as_str(), e.kind)).collect();
        assert_eq!(
            errors,
            [
                (2, 1, "Nobody", K::UnknownUser),
                (3, 1, "Twin Name", K::AmbiguousUser),
                (3, 2, "Hover Board", K::UnknownProduct),
                (3, 3, "Unknown Co", K::UnknownCustomer),
                (3, 4, "Done", K::UnknownStage),
                (4, 2, "", K::Missing),
                (4, 6, "2017-01-01", K::CloseBeforeEngage),
                (4, 7, "-5", K::InvalidAmount),
                (5, 5, "2017/13/01", K::InvalidDate),
                (5, 6, "", K::MissingCloseDate),
                (6, 5, "", K::TooFewCells),
            ]
        );
        assert_eq!((import.rows.len(), import.failed_rows), (0, 5));
        assert_eq!(
            convert_pipeline(&parse("a,b\n1,2\n").unwrap(), &ctx),
            Err(PipelineError::MissingColumn("deal_stage"))
        );
    }

    #[test]
    fn an_id_twice_in_the_file_is_an_error_on_the_later_row() {
        let text = "opportunity_id,sales_agent,product,deal_stage\n\
            C1,Moses Frase,GTX Pro,Prospecting\n\
            c1,Moses Frase,GTX Pro,Prospecting\n\
            ,Moses Frase,GTX Pro,Prospecting\n\
            ,Moses Frase,GTX Pro,Prospecting\n";
        let (users, customers) = context_data();
        let products = products();
        let ctx = PipelineContext { users: &users, customers: &customers, products: &products };
        let import = convert_pipeline(&parse(text).unwrap(), &ctx).unwrap();
        let errors: Vec<_> = import.errors.iter().map(|e| (e.line, e.column, e.kind)).collect();
        assert_eq!(errors, [(3, 0, PipelineErrorKind::DuplicateId { first_line: 2 })]);
        assert_eq!(import.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 5], "rows without an id are kept");
        assert_eq!(import.rows[0].opportunity.external_id, "C1");
    }

    #[test]
    fn importing_again_matches_by_the_files_id() {
        let row = |id: &str, stage, yuan| PipelineRow {
            line: 2,
            external_id: id.into(),
            opportunity: Opportunity {
                title: id.into(),
                external_id: id.into(),
                owner: 1,
                product: "GTX Pro".into(),
                stage,
                value: Cny::from_yuan(yuan),
                history: vec![StageChange { stage, date: Some(d("2017-01-02")) }],
                ..Opportunity::default()
            },
        };
        use FunnelStage as S;
        // Stored: A as the file has it, B since worked on here (MAN, a new title), C only here.
        let stored_a = Opportunity { id: 7, ..row("A", S::Develop, 100).opportunity };
        let stored_b = Opportunity {
            id: 8,
            title: "Big fleet".into(),
            man: crate::domain::model::Man { money: true, authority: true, need: false },
            ..row("B", S::Develop, 200).opportunity
        };
        let stored_c = Opportunity { id: 9, title: "Walk-in".into(), ..Opportunity::default() };
        let stored = [stored_a, stored_b.clone(), stored_c];
        let rows = [row("a", S::Develop, 100), row("B", S::Won, 250), row("D", S::Lost, 300), row("", S::Identify, 50)];
        let mut next = 100;
        let (writes, counts) = plan_pipeline(rows, &stored, || {
            next += 1;
            next
        });
        assert_eq!(counts, PipelineCounts { created: 2, updated: 1, unchanged: 1 });
        let after_b = Opportunity {
            stage: S::Won,
            value: Cny::from_yuan(250),
            history: vec![StageChange { stage: S::Won, date: Some(d("2017-01-02")) }],
            ..stored_b.clone()
        };
        assert_eq!(
            writes,
            [
                PipelineWrite::Updated { before: Box::new(stored_b), after: after_b },
                PipelineWrite::Created(Opportunity { id: 101, ..row("D", S::Lost, 300).opportunity }),
                PipelineWrite::Created(Opportunity { id: 102, ..row("", S::Identify, 50).opportunity }),
            ]
        );
        if let PipelineWrite::Updated { after, .. } = &writes[0] {
            assert_eq!(
                (after.id, after.title.as_str(), after.man.money),
                (8, "Big fleet", true),
                "kept what was added here"
            );
        }
    }

    #[test]
    fn the_files_id_is_stored_only_when_there_is_one() {
        let imported = Opportunity { id: 3, external_id: "Z063OYW0".into(), ..Opportunity::default() };
        let json = serde_json::to_string(&imported).unwrap();
        assert!(json.contains(r#""external_id":"Z063OYW0""#), "{json}");
        assert_eq!(serde_json::from_str::<Opportunity>(&json).unwrap(), imported);
        let entered = Opportunity { id: 4, ..Opportunity::default() };
        let json = serde_json::to_string(&entered).unwrap();
        assert!(!json.contains("external_id"), "{json}");
        assert_eq!(serde_json::from_str::<Opportunity>(&json).unwrap(), entered);
    }

    #[test]
    fn the_maven_file_imports_whole() {
        let users = convert_users(&parse(MAVEN_TEAMS).unwrap(), &[]).unwrap();
        let accounts = parse(MAVEN_ACCOUNTS).unwrap();
        let customers: Vec<Customer> = accounts
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Customer { id: 100 + i as Id, company: r.cells[0].clone(), ..Customer::default() })
            .collect();
        let products = products();
        let ctx = PipelineContext { users: &users, customers: &customers, products: &products };
        let import = convert_pipeline(&parse(MAVEN_PIPELINE).unwrap(), &ctx).unwrap();
        assert_eq!(import.errors, []);
        assert_eq!(import.rows.len(), 8_800);
        let count = |stage| import.rows.iter().filter(|r| r.opportunity.stage == stage).count();
        use FunnelStage as S;
        assert_eq!([count(S::Identify), count(S::Develop), count(S::Won), count(S::Lost)], [500, 1_589, 4_238, 2_473]);
        let without_account = import.rows.iter().filter(|r| r.opportunity.customer_id == 0).count();
        assert_eq!(without_account, 1_425);
        assert_eq!(import.rows.iter().filter(|r| r.opportunity.product == "GTX Pro").count(), 1_480);
        let won: Cny = import.rows.iter().filter(|r| r.opportunity.stage == S::Won).map(|r| r.opportunity.value).sum();
        assert_eq!(won, Cny::from_yuan(10_005_534));
        // Imported twice: the second time every deal is already there, as the file has it.
        let mut next = 0;
        let (writes, counts) = plan_pipeline(import.rows.clone(), &[], || {
            next += 1;
            next
        });
        assert_eq!(counts, PipelineCounts { created: 8_800, updated: 0, unchanged: 0 });
        let stored: Vec<Opportunity> = writes
            .into_iter()
            .map(|w| match w {
                PipelineWrite::Created(o) => o,
                PipelineWrite::Updated { after, .. } => after,
            })
            .collect();
        let (again, counts) = plan_pipeline(import.rows, &stored, || unreachable!("nothing is new"));
        assert_eq!((again.len(), counts), (0, PipelineCounts { created: 0, updated: 0, unchanged: 8_800 }));
    }
}
