//! The sales-order form (销售订单): the draft as typed, its validation (each problem tied to its
//! input), the live totals, the next free order number, and the order a valid draft stores.

use crate::domain::date::Date;
use crate::domain::fields::{is_taken, next_in_series, text_problem, FormError, MAX_LONG_TEXT, MAX_TEXT};
use crate::domain::model::{Claim, Id, Order, OrderLine, OrderStatus, ProductKind};
use crate::domain::money::{amount_text, parse_cny, AmountError, Cny};
use serde::{Deserialize, Serialize};

/// Longest order number.
pub const MAX_NUMBER: usize = 40;
/// Most lines one order holds, so its totals stay far from overflow.
pub const MAX_LINES: usize = 100;
pub const MAX_QUANTITY: u32 = 99_999;
pub const MAX_PREPAID_PERCENT: u32 = 100;
pub const MAX_CREDIT_DAYS: u32 = 365;

/// One line as typed: the numbers stay text until they are valid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineDraft {
    /// The stored line's id; 0 for a line added in the form, which gets one when saved.
    pub id: Id,
    pub product: String,
    pub kind: ProductKind,
    pub quantity: String,
    pub unit_price: String,
    pub unit_cost: String,
}

impl Default for LineDraft {
    fn default() -> LineDraft {
        LineDraft {
            id: 0,
            product: String::new(),
            kind: ProductKind::default(),
            quantity: "1".into(),
            unit_price: String::new(),
            unit_cost: String::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimDraft {
    pub amount: String,
    pub reason: String,
    pub settled: bool,
}

/// The order as being edited. Dates are date-input text (`YYYY-MM-DD`, or empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub number: String,
    pub status: OrderStatus,
    pub owner: Option<Id>,
    pub ordered: String,
    pub ready: String,
    pub shipped: String,
    pub documents_sent: String,
    pub paid: String,
    pub prepaid_percent: String,
    pub credit_days: String,
    pub lines: Vec<LineDraft>,
    pub claim: Option<ClaimDraft>,
}

/// Which input a problem belongs to; line fields carry the line's position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderField {
    Number,
    Owner,
    Ordered,
    Ready,
    Shipped,
    DocumentsSent,
    Paid,
    PrepaidPercent,
    CreditDays,
    Lines,
    Product(usize),
    Quantity(usize),
    UnitPrice(usize),
    UnitCost(usize),
    ClaimAmount,
    ClaimReason,
}

/// An order date that a later one may not precede.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    Ordered,
    Ready,
    Shipped,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderError {
    /// A problem every form shares (required, too long, out of range, control characters).
    Form(FormError),
    Amount(AmountError),
    InvalidDate,
    /// Another order of the workspace has this number.
    DuplicateNumber,
    /// The date is before the milestone it follows.
    Before(Milestone),
    NoLines,
    TooManyLines {
        max: usize,
    },
}

impl From<FormError> for OrderError {
    fn from(error: FormError) -> OrderError {
        OrderError::Form(error)
    }
}

pub type OrderProblems = Vec<(OrderField, OrderError)>;

/// Revenue, cost and margin of the lines typed so far; a line whose numbers are not valid yet
/// counts as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub revenue: Cny,
    pub cost: Cny,
    pub margin: Cny,
    /// Margin as a percentage of revenue; `None` without revenue.
    pub margin_percent: Option<f64>,
}

impl Totals {
    pub fn of(revenue: Cny, cost: Cny) -> Totals {
        let margin = revenue - cost;
        let margin_percent = (revenue.fen() > 0).then(|| margin.fen() as f64 * 100.0 / revenue.fen() as f64);
        Totals { revenue, cost, margin, margin_percent }
    }
}

fn quantity(text: &str) -> Result<u32, FormError> {
    let range = FormError::OutOfRange { min: 1, max: MAX_QUANTITY };
    let text = text.trim();
    if text.is_empty() {
        return Err(FormError::Required);
    }
    whole_number(text).filter(|n| (1..=MAX_QUANTITY).contains(n)).ok_or(range)
}

/// A whole number as typed, also in full-width digits; `None` if it is not one.
fn whole_number(text: &str) -> Option<u32> {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c })
        .collect();
    (!folded.is_empty() && folded.len() <= 9 && folded.bytes().all(|b| b.is_ascii_digit()))
        .then(|| folded.parse().ok())?
}

fn bounded(text: &str, max: u32) -> Result<u32, FormError> {
    if text.trim().is_empty() {
        return Err(FormError::Required);
    }
    whole_number(text).filter(|n| *n <= max).ok_or(FormError::OutOfRange { min: 0, max })
}

fn required_amount(text: &str) -> Result<Cny, OrderError> {
    parse_cny(text).map_err(|error| match error {
        AmountError::Empty => OrderError::Form(FormError::Required),
        other => OrderError::Amount(other),
    })
}

/// `None` for empty text, else the date or why it is not one.
fn optional_date(text: &str) -> Option<Result<Date, OrderError>> {
    let text = text.trim();
    (!text.is_empty()).then(|| Date::parse(text).map_err(|_| OrderError::InvalidDate))
}

impl LineDraft {
    /// The line's revenue and cost, zero while its numbers are not valid.
    pub fn totals(&self) -> Totals {
        let quantity = i64::from(quantity(&self.quantity).unwrap_or(0));
        let price = parse_cny(&self.unit_price).unwrap_or_default();
        let cost = parse_cny(&self.unit_cost).unwrap_or_default();
        Totals::of(price * quantity, cost * quantity)
    }

    /// Whether the unit cost is above the unit price: allowed (a loss leader, a goodwill part),
    /// but worth a warning.
    pub fn loses_money(&self) -> bool {
        matches!((parse_cny(&self.unit_price), parse_cny(&self.unit_cost)), (Ok(price), Ok(cost)) if cost > price)
    }
}

impl OrderDraft {
    /// A new confirmed order numbered `number`, ordered `today` by `owner`, with one empty line.
    pub fn new(number: String, today: Date, owner: Option<Id>) -> OrderDraft {
        OrderDraft {
            number,
            status: OrderStatus::Confirmed,
            owner,
            ordered: today.to_string(),
            prepaid_percent: "0".into(),
            credit_days: "0".into(),
            lines: vec![LineDraft::default()],
            ..OrderDraft::default()
        }
    }

    /// The draft editing stored order `order`.
    pub fn of(order: &Order) -> OrderDraft {
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        OrderDraft {
            number: order.number.clone(),
            status: order.status,
            owner: (order.owner != 0).then_some(order.owner),
            ordered: date(order.ordered),
            ready: date(order.ready),
            shipped: date(order.shipped),
            documents_sent: date(order.documents_sent),
            paid: date(order.paid),
            prepaid_percent: order.prepaid_percent.to_string(),
            credit_days: order.credit_days.to_string(),
            lines: order
                .lines
                .iter()
                .map(|line| LineDraft {
                    id: line.id,
                    product: line.product.clone(),
                    kind: line.kind,
                    quantity: line.quantity.to_string(),
                    unit_price: amount_text(line.unit_price),
                    unit_cost: amount_text(line.unit_cost),
                })
                .collect(),
            claim: order.claim.as_ref().map(|claim| ClaimDraft {
                amount: amount_text(claim.amount),
                reason: claim.reason.clone(),
                settled: claim.settled,
            }),
        }
    }

    pub fn totals(&self) -> Totals {
        let (revenue, cost) = self
            .lines
            .iter()
            .map(LineDraft::totals)
            .fold((Cny::ZERO, Cny::ZERO), |(r, c), t| (r + t.revenue, c + t.cost));
        Totals::of(revenue, cost)
    }

    /// `base` (the stored order, or a new one with its ids) with this draft's values: text
    /// trimmed. Call only when [`validate`] found nothing.
    pub fn apply(&self, base: &Order) -> Order {
        let date = |text: &str| optional_date(text).and_then(Result::ok);
        Order {
            number: self.number.trim().to_owned(),
            status: self.status,
            owner: self.owner.unwrap_or(0),
            lines: self
                .lines
                .iter()
                .map(|line| OrderLine {
                    id: line.id,
                    product: line.product.trim().to_owned(),
                    kind: line.kind,
                    quantity: quantity(&line.quantity).unwrap_or(0),
                    unit_price: parse_cny(&line.unit_price).unwrap_or_default(),
                    unit_cost: parse_cny(&line.unit_cost).unwrap_or_default(),
                })
                .collect(),
            ordered: date(&self.ordered),
            ready: date(&self.ready),
            shipped: date(&self.shipped),
            documents_sent: date(&self.documents_sent),
            paid: date(&self.paid),
            prepaid_percent: bounded(&self.prepaid_percent, MAX_PREPAID_PERCENT).unwrap_or(0) as u8,
            credit_days: bounded(&self.credit_days, MAX_CREDIT_DAYS).unwrap_or(0) as u16,
            claim: self.claim.as_ref().map(|claim| Claim {
                amount: parse_cny(&claim.amount).unwrap_or_default(),
                reason: claim.reason.trim().to_owned(),
                settled: claim.settled,
            }),
            ..base.clone()
        }
    }
}

/// Every problem of `draft`, in form order; empty when it can be saved. `taken` holds the
/// numbers of the workspace's other orders.
pub fn validate(draft: &OrderDraft, taken: &[String]) -> OrderProblems {
    let mut problems = OrderProblems::new();
    let mut push = |field: OrderField, error: OrderError| problems.push((field, error));
    let number = draft.number.trim();
    if number.is_empty() {
        push(OrderField::Number, FormError::Required.into());
    } else if let Some(error) = text_problem(number, MAX_NUMBER) {
        push(OrderField::Number, error.into());
    } else if is_taken(number, taken) {
        push(OrderField::Number, OrderError::DuplicateNumber);
    }
    if draft.owner.is_none() {
        push(OrderField::Owner, FormError::Required.into());
    }

    let ordered = optional_date(&draft.ordered).unwrap_or(Err(FormError::Required.into()));
    if let Err(error) = ordered {
        push(OrderField::Ordered, error);
    }
    // Each later date may not precede the latest valid milestone before it.
    let mut check = |field: OrderField, text: &str, after: &[(Milestone, Option<Date>)]| -> Option<Date> {
        match optional_date(text)? {
            Err(error) => {
                push(field, error);
                None
            }
            Ok(date) => {
                let broken = after.iter().rev().find_map(|(m, d)| d.filter(|d| date < *d).map(|_| *m));
                if let Some(milestone) = broken {
                    push(field, OrderError::Before(milestone));
                }
                Some(date)
            }
        }
    };
    let ordered = ordered.ok();
    let ready = check(OrderField::Ready, &draft.ready, &[(Milestone::Ordered, ordered)]);
    let shipped =
        check(OrderField::Shipped, &draft.shipped, &[(Milestone::Ordered, ordered), (Milestone::Ready, ready)]);
    check(
        OrderField::DocumentsSent,
        &draft.documents_sent,
        &[(Milestone::Ordered, ordered), (Milestone::Ready, ready), (Milestone::Shipped, shipped)],
    );
    // Payment may come before shipping (prepayment), never before the order.
    check(OrderField::Paid, &draft.paid, &[(Milestone::Ordered, ordered)]);

    if let Err(error) = bounded(&draft.prepaid_percent, MAX_PREPAID_PERCENT) {
        push(OrderField::PrepaidPercent, error.into());
    }
    if let Err(error) = bounded(&draft.credit_days, MAX_CREDIT_DAYS) {
        push(OrderField::CreditDays, error.into());
    }

    if draft.lines.is_empty() {
        push(OrderField::Lines, OrderError::NoLines);
    } else if draft.lines.len() > MAX_LINES {
        push(OrderField::Lines, OrderError::TooManyLines { max: MAX_LINES });
    }
    for (i, line) in draft.lines.iter().enumerate() {
        let product = line.product.trim();
        if product.is_empty() {
            push(OrderField::Product(i), FormError::Required.into());
        } else if let Some(error) = text_problem(product, MAX_TEXT) {
            push(OrderField::Product(i), error.into());
        }
        if let Err(error) = quantity(&line.quantity) {
            push(OrderField::Quantity(i), error.into());
        }
        if let Err(error) = required_amount(&line.unit_price) {
            push(OrderField::UnitPrice(i), error);
        }
        if let Err(error) = required_amount(&line.unit_cost) {
            push(OrderField::UnitCost(i), error);
        }
    }

    if let Some(claim) = &draft.claim {
        if let Err(error) = required_amount(&claim.amount) {
            push(OrderField::ClaimAmount, error);
        }
        let reason = claim.reason.trim();
        if reason.is_empty() {
            push(OrderField::ClaimReason, FormError::Required.into());
        } else if let Some(error) = text_problem(reason, MAX_LONG_TEXT) {
            push(OrderField::ClaimReason, error.into());
        }
    }
    problems
}

/// The next free number for an order placed in `year`: one above the highest `SO-<year>-NNNNNN`
/// in use (the demo data's scheme), else the first of the year.
pub fn next_number(taken: &[String], year: i32) -> String {
    next_in_series(&format!("SO-{year}-"), taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use FormError as Fe;
    use OrderError as E;
    use OrderField as F;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn line(product: &str, quantity: &str, price: &str, cost: &str) -> LineDraft {
        LineDraft {
            id: 0,
            product: product.into(),
            kind: ProductKind::Machine,
            quantity: quantity.into(),
            unit_price: price.into(),
            unit_cost: cost.into(),
        }
    }

    fn draft() -> OrderDraft {
        OrderDraft {
            lines: vec![line("SY215C 挖掘机", "1", "1,200,000", "1,050,000")],
            ..OrderDraft::new("SO-2026-000101".into(), date("2026-11-02"), Some(3))
        }
    }

    fn with(edit: impl FnOnce(&mut OrderDraft)) -> OrderDraft {
        let mut draft = draft();
        edit(&mut draft);
        draft
    }

    fn taken() -> Vec<String> {
        vec!["SO-2026-000007".into(), "SO-2025-000101".into()]
    }

    #[test]
    fn a_new_draft_needs_only_its_line_filled() {
        let new = OrderDraft::new("SO-2026-000001".into(), date("2026-11-02"), Some(3));
        assert_eq!(
            validate(&new, &[]),
            vec![
                (F::Product(0), Fe::Required.into()),
                (F::UnitPrice(0), Fe::Required.into()),
                (F::UnitCost(0), Fe::Required.into()),
            ]
        );
        assert_eq!(validate(&draft(), &taken()), vec![]);
    }

    #[test]
    fn reports_each_problem_at_its_field() {
        let cases: Vec<(OrderDraft, OrderProblems)> = vec![
            (with(|d| d.number = "  ".into()), vec![(F::Number, Fe::Required.into())]),
            (with(|d| d.number = " so-2026-000007 ".into()), vec![(F::Number, E::DuplicateNumber)]),
            (with(|d| d.number = "SO-2025-000102".into()), vec![]),
            (
                with(|d| d.number = "N".repeat(MAX_NUMBER + 1)),
                vec![(F::Number, Fe::TooLong { max: MAX_NUMBER }.into())],
            ),
            (with(|d| d.owner = None), vec![(F::Owner, Fe::Required.into())]),
            (with(|d| d.prepaid_percent = "100".into()), vec![]),
            (with(|d| d.prepaid_percent = "１００".into()), vec![]),
            (
                with(|d| d.prepaid_percent = "101".into()),
                vec![(F::PrepaidPercent, Fe::OutOfRange { min: 0, max: 100 }.into())],
            ),
            (
                with(|d| d.prepaid_percent = "-1".into()),
                vec![(F::PrepaidPercent, Fe::OutOfRange { min: 0, max: 100 }.into())],
            ),
            (
                with(|d| d.prepaid_percent = "30.5".into()),
                vec![(F::PrepaidPercent, Fe::OutOfRange { min: 0, max: 100 }.into())],
            ),
            (with(|d| d.prepaid_percent = String::new()), vec![(F::PrepaidPercent, Fe::Required.into())]),
            (with(|d| d.credit_days = "365".into()), vec![]),
            (with(|d| d.credit_days = "366".into()), vec![(F::CreditDays, Fe::OutOfRange { min: 0, max: 365 }.into())]),
            (with(|d| d.lines.clear()), vec![(F::Lines, E::NoLines)]),
            (
                with(|d| {
                    d.lines = vec![LineDraft { product: "滤芯".into(), ..line("", "1", "1", "1") }; MAX_LINES + 1]
                }),
                vec![(F::Lines, E::TooManyLines { max: MAX_LINES })],
            ),
            (
                with(|d| d.claim = Some(ClaimDraft { amount: "3,000".into(), reason: "漏油".into(), settled: true })),
                vec![],
            ),
            (
                with(|d| d.claim = Some(ClaimDraft { amount: "0".into(), reason: "换件".into(), settled: false })),
                vec![],
            ),
            (
                with(|d| d.claim = Some(ClaimDraft::default())),
                vec![(F::ClaimAmount, Fe::Required.into()), (F::ClaimReason, Fe::Required.into())],
            ),
            (
                with(|d| d.claim = Some(ClaimDraft { amount: "-10".into(), reason: "\u{7}".into(), settled: false })),
                vec![
                    (F::ClaimAmount, E::Amount(AmountError::Negative)),
                    (F::ClaimReason, Fe::ControlCharacters.into()),
                ],
            ),
        ];
        for (draft, expected) in cases {
            assert_eq!(validate(&draft, &taken()), expected, "{draft:?}");
        }
    }

    #[test]
    fn money_fields_take_amounts_as_people_type_them() {
        use AmountError as A;
        for (price, expected) in [
            ("1,234.5", vec![]),
            ("１２３", vec![]),
            ("¥88", vec![]),
            ("0", vec![]),
            ("12.34", vec![]),
            ("12.345", vec![(F::UnitPrice(0), E::Amount(A::TooPrecise))]),
            ("-12", vec![(F::UnitPrice(0), E::Amount(A::Negative))]),
            ("", vec![(F::UnitPrice(0), Fe::Required.into())]),
            ("abc", vec![(F::UnitPrice(0), E::Amount(A::Invalid))]),
            ("12,34", vec![(F::UnitPrice(0), E::Amount(A::Invalid))]),
            ("2000000000", vec![(F::UnitPrice(0), E::Amount(A::TooLarge))]),
        ] {
            let price_draft = with(|d| d.lines[0].unit_price = price.into());
            assert_eq!(validate(&price_draft, &[]), expected, "price {price:?}");
            let cost_draft = with(|d| d.lines[0].unit_cost = price.into());
            let cost_expected: OrderProblems = expected.iter().map(|(_, e)| (F::UnitCost(0), *e)).collect();
            assert_eq!(validate(&cost_draft, &[]), cost_expected, "cost {price:?}");
        }
    }

    #[test]
    fn lines_need_a_product_and_a_quantity_from_one() {
        let range = Fe::OutOfRange { min: 1, max: MAX_QUANTITY };
        for (product, quantity, expected) in [
            ("滤芯 60307173", "12", vec![]),
            ("滤芯", "１２", vec![]),
            ("滤芯", "99999", vec![]),
            ("", "1", vec![(F::Product(1), Fe::Required.into())]),
            ("   ", "1", vec![(F::Product(1), Fe::Required.into())]),
            ("滤芯", "0", vec![(F::Quantity(1), range.into())]),
            ("滤芯", "100000", vec![(F::Quantity(1), range.into())]),
            ("滤芯", "1.5", vec![(F::Quantity(1), range.into())]),
            ("滤芯", "-2", vec![(F::Quantity(1), range.into())]),
            ("滤芯", "", vec![(F::Quantity(1), Fe::Required.into())]),
        ] {
            let draft = with(|d| d.lines.push(line(product, quantity, "100", "80")));
            assert_eq!(validate(&draft, &[]), expected, "{product:?} × {quantity:?}");
        }
    }

    #[test]
    fn dates_follow_the_order_of_the_business() {
        let dates = |ordered: &str, ready: &str, shipped: &str, documents: &str, paid: &str| {
            with(|d| {
                d.ordered = ordered.into();
                d.ready = ready.into();
                d.shipped = shipped.into();
                d.documents_sent = documents.into();
                d.paid = paid.into();
            })
        };
        let o = "2026-11-02";
        for (draft, expected) in [
            (dates(o, "", "", "", ""), vec![]),
            (dates(o, "2026-11-10", "2026-11-12", "2026-11-13", "2026-12-01"), vec![]),
            (dates(o, o, o, o, o), vec![]),
            // Prepayment before anything shipped.
            (dates(o, "2026-11-10", "", "", "2026-11-03"), vec![]),
            (dates("", "", "", "", ""), vec![(F::Ordered, Fe::Required.into())]),
            (dates("2026-02-30", "", "", "", ""), vec![(F::Ordered, E::InvalidDate)]),
            (dates(o, "2026-11-01", "", "", ""), vec![(F::Ready, E::Before(Milestone::Ordered))]),
            (dates(o, "", "2026-11-01", "", ""), vec![(F::Shipped, E::Before(Milestone::Ordered))]),
            (dates(o, "2026-11-10", "2026-11-09", "", ""), vec![(F::Shipped, E::Before(Milestone::Ready))]),
            (dates(o, "", "2026-11-09", "2026-11-08", ""), vec![(F::DocumentsSent, E::Before(Milestone::Shipped))]),
            (dates(o, "2026-11-10", "", "2026-11-08", ""), vec![(F::DocumentsSent, E::Before(Milestone::Ready))]),
            (dates(o, "", "", "2026-10-08", ""), vec![(F::DocumentsSent, E::Before(Milestone::Ordered))]),
            (dates(o, "", "", "", "2026-11-01"), vec![(F::Paid, E::Before(Milestone::Ordered))]),
            (dates(o, "x", "", "", ""), vec![(F::Ready, E::InvalidDate)]),
            // An invalid milestone bounds nothing; the one before it still does.
            (
                dates(o, "2026-13-01", "2026-11-01", "", ""),
                vec![(F::Ready, E::InvalidDate), (F::Shipped, E::Before(Milestone::Ordered))],
            ),
            // Without an order date, only the dates among themselves are checked.
            (
                dates("", "2026-11-10", "2026-11-09", "", "2000-01-01"),
                vec![(F::Ordered, Fe::Required.into()), (F::Shipped, E::Before(Milestone::Ready))],
            ),
        ] {
            assert_eq!(validate(&draft, &[]), expected, "{draft:?}");
        }
    }

    #[test]
    fn totals_follow_the_lines_as_typed() {
        let draft = with(|d| {
            d.lines = vec![
                line("SY215C", "2", "1,200,000", "1,000,000"),
                line("滤芯", "10", "85.50", "60"),
                line("未填完", "3", "12.345", "1"),
            ]
        });
        let totals = draft.totals();
        assert_eq!(totals.revenue, Cny::from_yuan(2_400_000 + 855));
        assert_eq!(totals.cost, Cny::from_yuan(2_000_000 + 600 + 3));
        assert_eq!(totals.margin, totals.revenue - totals.cost);
        let percent = totals.margin_percent.unwrap();
        assert!((percent - 16.671).abs() < 0.001, "{percent}");
        assert_eq!(OrderDraft::default().totals(), Totals::default());
        let loss = line("赠送保养", "1", "100", "150");
        assert!(loss.loses_money());
        assert!(!line("a", "1", "150", "150").loses_money());
        assert!(!line("a", "1", "", "150").loses_money());
        assert_eq!(loss.totals().margin, Cny(-50_00));
        assert_eq!(loss.totals().margin_percent, Some(-50.0));
        assert_eq!(line("a", "1", "0", "10").totals().margin_percent, None);
    }

    #[test]
    fn a_valid_draft_becomes_the_order_and_back() {
        let mut typed = with(|d| {
            d.number = " SO-2026-000101 ".into();
            d.status = OrderStatus::Shipped;
            d.ready = "2026-11-10".into();
            d.shipped = "2026-11-12".into();
            d.prepaid_percent = "30".into();
            d.credit_days = "90".into();
            d.lines.push(LineDraft { kind: ProductKind::Parts, ..line(" 斗齿 ", "4", "１，２００.5", "800") });
            d.claim = Some(ClaimDraft { amount: "3000".into(), reason: " 漏油 ".into(), settled: true });
        });
        let base = Order { id: 9, customer_id: 5, ..Order::default() };
        let order = typed.apply(&base);
        assert_eq!(
            order,
            Order {
                id: 9,
                customer_id: 5,
                number: "SO-2026-000101".into(),
                status: OrderStatus::Shipped,
                owner: 3,
                lines: vec![
                    OrderLine {
                        id: 0,
                        product: "SY215C 挖掘机".into(),
                        kind: ProductKind::Machine,
                        quantity: 1,
                        unit_price: Cny::from_yuan(1_200_000),
                        unit_cost: Cny::from_yuan(1_050_000),
                    },
                    OrderLine {
                        id: 0,
                        product: "斗齿".into(),
                        kind: ProductKind::Parts,
                        quantity: 4,
                        unit_price: Cny(120_050),
                        unit_cost: Cny::from_yuan(800),
                    },
                ],
                ordered: Some(date("2026-11-02")),
                ready: Some(date("2026-11-10")),
                shipped: Some(date("2026-11-12")),
                documents_sent: None,
                paid: None,
                prepaid_percent: 30,
                credit_days: 90,
                claim: Some(Claim { amount: Cny::from_yuan(3_000), reason: "漏油".into(), settled: true }),
            }
        );
        assert_eq!(order.revenue(), typed.totals().revenue);
        let back = OrderDraft::of(&order);
        assert_eq!(back.apply(&base), order);
        let mut identified = order.clone();
        identified.lines[1].id = 1 << 51;
        assert_eq!(OrderDraft::of(&identified).apply(&base), identified, "a line keeps its id");
        typed.claim = None;
        assert_eq!(typed.apply(&base).claim, None);
    }

    #[test]
    fn suggests_the_next_free_number_of_the_year() {
        let numbers = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        for (taken, year, expected) in [
            (numbers(&[]), 2026, "SO-2026-000001"),
            (numbers(&["SO-2026-000041", "SO-2026-000007", "SO-2025-000900"]), 2026, "SO-2026-000042"),
            (numbers(&["SO-2025-000900"]), 2026, "SO-2026-000001"),
            (numbers(&["so-2026-000003", "SO-2026-ABC", "自编-9"]), 2026, "SO-2026-000004"),
            (numbers(&["SO-2026-999999"]), 2026, "SO-2026-1000000"),
        ] {
            let next = next_number(&taken, year);
            assert_eq!(next, expected, "{taken:?}");
            assert!(validate(&with(|d| d.number = next.clone()), &taken).is_empty());
        }
    }
}
