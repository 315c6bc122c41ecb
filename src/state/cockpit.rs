//! The cockpit's figures (issue 23), each taken from the book the page behind its tile reads and
//! computed the way that page computes it, so a tile and its page always show the same number:
//! won and the forecast from the forecast page's own forecast, the grade mix and churn risks from
//! the grading page's distribution, stock from the parts page's plans, the service desk's from
//! its Figures tab's totals. The thresholds they are
//! judged by are the stored `CockpitSettings` (the defaults until a user sets them).

use super::app::AppState;
use super::opportunities::{forecast_view, FunnelBook};
use super::parts::PartsBook;
use super::stored_setting::StoredSetting;
use crate::domain::cockpit::judge::{CockpitSettings, SETTING_KEY};
use crate::domain::cockpit::kpi::{conversion, pipeline_coverage, quota_progress, Coverage, QuotaProgress};
use crate::domain::cockpit::stock::{stock_figures, PartStock, StockFigures};
use crate::domain::date::Date;
use crate::domain::funnel::forecast::Band;
use crate::domain::funnel::quota::{category_totals, Period};
use crate::domain::funnel::stage::closed_on;
use crate::domain::grading::grade::Grade;
use crate::domain::grading::portfolio::distribution;
use crate::domain::model::FunnelStage;
use crate::domain::money::Cny;
use crate::domain::service::figures::{this_and_last_month, ServiceFigures};
use crate::state::grades::GradeBook;
use crate::store::StoreError;

/// Won in a month or quarter so far, against its quota and the same stretch of the period before.
#[derive(Clone, Copy, Debug)]
pub struct Won {
    pub period: Period,
    pub won: Cny,
    pub quota: Option<Cny>,
    pub progress: Option<QuotaProgress>,
    /// Won in as many days from the start of the previous period as have passed of this one.
    pub previous: Cny,
}

/// The funnel's tiles, as the forecast page has them.
#[derive(Clone, Copy, Debug)]
pub struct SalesFigures {
    pub month: Won,
    pub quarter: Won,
    /// The quarter's forecast of won value, including what is won already (the forecast page's
    /// `won + band`); `None` when the forecast's horizon does not reach the quarter.
    pub forecast: Option<Band>,
    /// Open deals expected to close this quarter (commit, best case and pipeline).
    pub open_pipeline: Cny,
    pub coverage: Coverage,
    /// Opportunities created this quarter, and the share of them won.
    pub created: u32,
    pub conversion: Option<f64>,
}

/// The sales figures on the book's day.
pub fn sales(book: &FunnelBook) -> SalesFigures {
    let view = forecast_view(book);
    let month = Period::Month(book.today.month_of());
    let quarter = Period::quarter_of(book.today.month_of());
    let span_of = |period: Period| view.forecast.periods.iter().find(|s| s.period == Some(period));
    let won = |period: Period, previous: Period| {
        let won =
            span_of(period).map_or_else(|| won_between(book, period.first_day(), book.today), |s| s.won_before_cutoff);
        let elapsed = book.today.days_since(period.first_day());
        let quota = book.settings.company_quota(period);
        Won {
            period,
            won,
            quota,
            progress: quota.and_then(|q| quota_progress(won, q)),
            previous: won_between(book, previous.first_day(), previous.first_day().add_days(elapsed)),
        }
    };
    let month = won(month, Period::Month(book.today.month_of() + -1));
    let quarter = won(quarter, Period::quarter_of(quarter.first_day().month_of() + -3));
    let forecast = span_of(quarter.period).map(|s| Band {
        expected: quarter.won + s.calibrated.expected,
        p10: quarter.won + s.calibrated.p10,
        p50: quarter.won + s.calibrated.p50,
        p90: quarter.won + s.calibrated.p90,
    });
    let totals = category_totals(&book.opportunities, quarter.period, |_| true);
    let open_pipeline = totals.commit + totals.best_case + totals.pipeline;
    let coverage = pipeline_coverage(open_pipeline, quarter.won, quarter.quota.unwrap_or_default());
    let new: Vec<_> =
        book.opportunities.iter().filter(|o| o.created.is_some_and(|d| quarter.period.contains(d))).collect();
    let created = new.len() as u32;
    let won_of_new = new.iter().filter(|o| o.stage == FunnelStage::Won).count() as u32;
    SalesFigures {
        month,
        quarter,
        forecast,
        open_pipeline,
        coverage,
        created,
        conversion: conversion(created, won_of_new),
    }
}

/// Value won on days from `from` up to (not including) `until`.
fn won_between(book: &FunnelBook, from: Date, until: Date) -> Cny {
    book.opportunities
        .iter()
        .filter(|o| o.stage == FunnelStage::Won && closed_on(o).is_some_and(|d| from <= d && d < until))
        .map(|o| o.value)
        .sum()
}

/// The customer tiles, as the grading page has them.
#[derive(Clone, Copy, Debug)]
pub struct CustomerFigures {
    /// Customers per grade (every customer, as the page's bars count them).
    pub grades: [u32; Grade::COUNT],
    /// D customers' share of active customers, as a fraction (the page's alert).
    pub d_share: Option<f64>,
    pub churn_risks: usize,
}

pub fn customers(book: &GradeBook) -> CustomerFigures {
    let spread = distribution(&book.customers, &book.scores, &book.settings.portfolio);
    CustomerFigures {
        grades: spread.all.graded,
        d_share: spread.d_percent.map(|p| p / 100.0),
        churn_risks: book.churn.len(),
    }
}

/// The whole dealer's stock from the parts page's plans.
pub fn stock(book: &PartsBook) -> StockFigures {
    let parts: Vec<PartStock> = book
        .rows
        .iter()
        .map(|row| PartStock { unit_cost: row.part.unit_cost, on_hand: row.on_hand, policy: row.policy })
        .collect();
    stock_figures(&parts)
}

/// The service figures of the active workspace; `None` without tickets.
pub async fn read_service(app: AppState) -> Result<Option<ServiceFigures>, StoreError> {
    let book = super::service::book(app).await?;
    let (facts, _) = book.facts(super::browser::now_ms());
    Ok((!book.tickets.is_empty()).then(|| this_and_last_month(&book.tickets, &facts, super::browser::today())))
}

/// The sales figures of the active workspace; `None` without opportunities.
pub async fn read_sales(app: AppState) -> Result<Option<SalesFigures>, StoreError> {
    let book = super::opportunities::book(app).await?;
    Ok((!book.opportunities.is_empty()).then(|| sales(&book)))
}

/// The customer figures of the active workspace; `None` without customers.
pub async fn read_customers(app: AppState) -> Result<Option<CustomerFigures>, StoreError> {
    let book = super::grades::book(app).await?;
    Ok((!book.customers.is_empty()).then(|| customers(&book)))
}

/// The stock figures of the active workspace (its parts planned first, unless they are);
/// `None` without parts.
pub async fn read_stock(app: AppState) -> Result<Option<StockFigures>, StoreError> {
    let book = super::parts::book(app, |_, _| {}).await?;
    Ok((!book.rows.is_empty()).then(|| stock(&book)))
}

/// The cockpit's thresholds, the defaults until a user sets them; the tiles judge by them at
/// once.
pub const THRESHOLDS: StoredSetting<CockpitSettings> = StoredSetting::new(SETTING_KEY, "cockpit_settings");
