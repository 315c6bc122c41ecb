//! A customer's value (客户价值) on its page: score and grade, the breakdown that explains them
//! (indicator → raw values → score → weight → contribution), what would move it to the next
//! grade, the resource policy of its grade, its churn warnings, and the user's ratings.

use crate::domain::date::Date;
use crate::domain::grading::explain::{explain, BreakdownRow, Explanation};
use crate::domain::grading::grade::Grade;
use crate::domain::grading::indicators::{Measure, Ratings, MAX_RATING};
use crate::domain::grading::snapshot::TrendPoint;
use crate::domain::model::Id;
use crate::domain::money::{format_cny, format_int, Cny};
use crate::i18n::{args, Tr};
use crate::state::grades::{self, GradeBook};
use crate::state::use_app;
use crate::ui::errors::error_text;
use crate::ui::format::clause_separator;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::kit::{failed, Loader, Write};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn ValueCard(id: Id) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || grades::book(app));
    view! {
        <div class="card value-card" data-testid="customer-value">
            <h2>{move || app.tr().value_title()}</h2>
            <Loader resource=book let:book>
                {
                    let book = StoredValue::new_local(book);
                    move || book.with_value(|book| value_view(app.tr(), book, id))
                }
            </Loader>
        </div>
    }
}

fn value_view(tr: Tr, book: &Rc<GradeBook>, id: Id) -> AnyView {
    let Some(score) = book.score(id) else { return view! { <p class="muted">{tr.value_unknown()}</p> }.into_any() };
    let scoring = &book.settings.scoring;
    let explanation = explain(score, scoring);
    let ratings = book.ratings_of(id);
    let grade = explanation.grade;
    let headline = match grade {
        Some(g) => view! {
            <p class="value-headline">
                <span class=format!("grade-badge grade-{}", g.as_str()) data-testid="value-grade">{labels::grade(tr, g)}</span>
                " " <strong data-testid="value-score">{format!("{:.1}", explanation.total)}</strong> " / 100"
            </p>
        }
        .into_any(),
        None => view! { <p class="muted" data-testid="value-grade">{tr.value_no_orders()}</p> }.into_any(),
    };
    let policy = grade.map(|g| {
        let p = book.settings.portfolio.policy(g);
        let visits = if p.visit_every_days == 0 {
            tr.value_no_planned_visits().to_owned()
        } else {
            tr.value_visit_every(args::ValueVisitEvery { days: p.visit_every_days })
        };
        let advice = (!p.advice.is_empty())
            .then(|| view! { <p class="policy-advice-text" data-testid="value-advice">{p.advice.clone()}</p> });
        view! {
            <p class="muted" data-testid="value-policy">
                {tr.value_policy(args::ValuePolicy {
                    stance: labels::stance(tr, p.stance),
                    visits,
                    priority: labels::service_priority(tr, p.service_priority),
                })}
            </p>
            {advice}
        }
    });
    let warnings = book.churn_of(id).map(|risk| {
        let text =
            risk.flags.iter().map(|f| labels::churn_flag(tr, f)).collect::<Vec<_>>().join(clause_separator(tr.0));
        view! { <p class="notice warn" data-testid="value-churn">{tr.value_churn(args::ValueChurn { reasons: text })}</p> }
    });
    let bars = scoring.effective_thresholds();
    view! {
        {headline}
        <GradeTrend id bars=[bars.a, bars.b, bars.c] />
        {policy}
        {warnings}
        {next_grade(tr, &explanation)}
        {breakdown(tr, &explanation)}
        <RatingsForm ratings />
    }
    .into_any()
}

/// The customer's score and grade at each stored snapshot, against today's A/B/C bars.
#[component]
fn GradeTrend(id: Id, bars: [f64; 3]) -> impl IntoView {
    let app = use_app();
    let points = LocalResource::new(move || grades::trend(app, id));
    move || {
        let tr = app.tr();
        match points.get() {
            None => ().into_any(),
            Some(Err(error)) => failed(error),
            Some(Ok(points)) if points.is_empty() => {
                view! { <p class="muted" data-testid="value-trend-empty">{tr.value_trend_empty()}</p> }.into_any()
            }
            Some(Ok(points)) => trend_chart(tr, &points, bars).into_any(),
        }
    }
}

fn trend_chart(tr: Tr, points: &[TrendPoint], bars: [f64; 3]) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 170.0;
    const PAD: f64 = 28.0;
    let (first, last) = (points[0].date, points[points.len() - 1].date);
    let span = f64::from(last.days_since(first).max(1));
    let x = |date: Date| {
        if points.len() == 1 {
            W / 2.0
        } else {
            PAD + f64::from(date.days_since(first)) / span * (W - 2.0 * PAD)
        }
    };
    let score = |p: &TrendPoint| f64::from(p.score_tenths) / 10.0;
    // The scores and bars with a margin, not 0–100: a few points' move must show.
    let (lo, hi) =
        points.iter().map(score).chain(bars).fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi) = ((lo - 5.0).max(0.0), (hi + 5.0).min(100.0));
    let y = |score: f64| H - PAD - (score - lo) / (hi - lo).max(1.0) * (H - 1.5 * PAD);
    let line = points.iter().map(|p| format!("{:.1},{:.1}", x(p.date), y(score(p)))).collect::<Vec<_>>().join(" ");
    let bar_lines = Grade::ALL
        .iter()
        .zip(bars)
        .map(|(grade, bar)| {
            view! {
                <line class="grid" x1=PAD x2=W - PAD y1=y(bar) y2=y(bar) />
                <text class="chart-label" x=4.0 y=y(bar) + 4.0>{grade.as_str().to_uppercase()}</text>
            }
        })
        .collect_view();
    let dots = points
        .iter()
        .map(|p| {
            let grade = p.grade.map_or("none", Grade::as_str);
            let title = tr.value_trend_point(args::ValueTrendPoint {
                date: crate::ui::format::date(tr, p.date),
                grade: p.grade.map_or("—", |g| labels::grade(tr, g)),
                score: format!("{:.1}", score(p)),
            });
            view! {
                <circle class=format!("trend-point grade-{grade}") data-testid="trend-point" data-grade=grade
                    cx=x(p.date) cy=y(score(p)) r="5"><title>{title}</title></circle>
            }
        })
        .collect_view();
    view! {
        <div class="value-trend" data-testid="value-trend">
            <h3>{tr.value_trend()}</h3>
            <svg class="chart trend-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=tr.value_trend()>
                {bar_lines}
                <line class="axis" x1=PAD x2=W - PAD y1=H - PAD y2=H - PAD />
                <polyline class="curve" points=line />
                {dots}
                <text class="chart-label" x=PAD y=H - 8.0>{crate::ui::format::date(tr, first)}</text>
                <text class="chart-label" x=W - PAD y=H - 8.0 text-anchor="end">{crate::ui::format::date(tr, last)}</text>
            </svg>
            <p class="muted">{tr.value_trend_summary(args::ValueTrendSummary {
                count: format_int(points.len() as i64),
                date: crate::ui::format::date(tr, first),
            })}</p>
        </div>
    }
}

fn next_grade(tr: Tr, explanation: &Explanation) -> Option<impl IntoView> {
    let next = explanation.next.as_ref()?;
    let levers = next
        .levers
        .iter()
        .take(3)
        .map(|l| match l.score_needed {
            Some(needed) => tr.value_lever(args::ValueLever {
                indicator: labels::indicator(tr, l.indicator),
                score: format!("{:.0}", l.score),
                needed: format!("{needed:.0}"),
            }),
            None => tr.value_lever_partial(args::ValueLeverPartial {
                indicator: labels::indicator(tr, l.indicator),
                gain: format!("{:.1}", l.max_gain),
            }),
        })
        .collect::<Vec<_>>()
        .join(clause_separator(tr.0));
    Some(view! {
        <p data-testid="value-next">
            {tr.value_next(args::ValueNext {
                grade: labels::grade(tr, next.grade),
                points: format!("{:.1}", next.points_needed),
                bar: format!("{:.0}", next.bar),
            })}
            " " <span class="muted">{levers}</span>
        </p>
    })
}

fn breakdown(tr: Tr, explanation: &Explanation) -> impl IntoView {
    let raw = |row: &BreakdownRow| {
        let measures = row.measures.iter().map(|m| match m.raw {
            Some(raw) => measure_value(tr, m.measure, raw),
            None => "—".to_owned(),
        });
        measures.collect::<Vec<_>>().join(" · ")
    };
    let c = columns::<&BreakdownRow>();
    let columns = [
        c.text(tr.value_indicator(), |row| labels::indicator(tr, row.indicator)).row_heading(),
        c.text(tr.value_raw(), |row| raw(row)),
        c.number(tr.value_score(), |row| {
            view! { {format!("{:.0}", row.score)} <span class="muted">" " {labels::basis(tr, row.basis)}</span> }
        }),
        c.number(tr.value_weight(), |row| format!("{:.1}%", row.weight_percent)).marked("breakdown-weight"),
        c.number(tr.value_contribution(), |row| format!("{:.1}", row.contribution)).marked("breakdown-contribution"),
    ];
    let row_mark = |row: &&BreakdownRow| mark(format!("breakdown-{}", row.indicator.as_str()));
    table("breakdown", Some("value-breakdown"), &columns, explanation.rows.iter(), row_mark)
}

/// A raw value in its unit.
fn measure_value(tr: Tr, measure: Measure, raw: f64) -> String {
    use Measure::*;
    match measure {
        Margin | ProfitShare | Prepaid | ClaimRate | SettledClaims => format!("{raw:.1}%"),
        AverageOrder => format_cny(Cny((raw * 100.0).round() as i64)),
        OrdersPerYear => tr.value_per_year(args::ValuePerYear { count: format!("{raw:.1}") }),
        KindsPerOrder => tr.value_kinds(args::ValueKinds { count: format!("{raw:.1}") }),
        CreditDays | ShippingDays => tr.value_days(args::ValueDays { count: format!("{raw:.0}") }),
        PaymentDelay => tr.value_days_late(args::ValueDaysLate { count: format!("{raw:.0}") }),
        CooperationYears => tr.value_years(args::ValueYears { count: format!("{raw:.1}") }),
        InfluenceRating | NewProductRating | PriceSensitivityRating | CommunicationRating => {
            format!("{raw:.0} / {MAX_RATING}")
        }
    }
}

thread_local! {
    /// The outcome of the last ratings save, for the card the save redraws.
    static SAVED: std::cell::RefCell<Option<(Id, (bool, String))>> = const { std::cell::RefCell::new(None) };
}

/// The four rated indicators (1–5, or not rated) and the grade the user confirms.
#[component]
fn RatingsForm(ratings: Ratings) -> impl IntoView {
    let app = use_app();
    let customer = ratings.customer_id;
    let shown = SAVED.with_borrow_mut(|saved| saved.take_if(|(id, _)| *id == customer).map(|(_, outcome)| outcome));
    // What the card shows: a save merges against it what another window saved since.
    let as_shown = StoredValue::new(ratings.clone());
    let draft = RwSignal::new(ratings);
    type Field = (&'static str, fn(&Ratings) -> u8, fn(&mut Ratings, u8), fn(Tr) -> &'static str);
    let fields: [Field; 4] = [
        (
            "industry_influence",
            |r| r.industry_influence,
            |r, v| r.industry_influence = v,
            |t| t.indicator_industry_influence(),
        ),
        ("new_product", |r| r.new_product, |r, v| r.new_product = v, |t| t.indicator_new_product()),
        (
            "price_sensitivity",
            |r| r.price_sensitivity,
            |r, v| r.price_sensitivity = v,
            |t| t.value_price_sensitivity_rating(),
        ),
        ("communication", |r| r.communication, |r, v| r.communication = v, |t| t.indicator_communication()),
    ];
    let selects = fields
        .into_iter()
        .map(|(key, get, set, label)| {
            let options = move || {
                let tr = app.tr();
                let current = draft.with(get);
                (0..=MAX_RATING)
                    .map(|v| {
                        let text = if v == 0 { tr.basis_not_rated().to_owned() } else { v.to_string() };
                        view! { <option value=v.to_string() prop:selected=current == v>{text}</option> }
                    })
                    .collect_view()
            };
            view! {
                <label class="field compact">
                    <span>{move || label(app.tr())}</span>
                    <select data-testid=format!("rating-{key}")
                        on:change=move |event| {
                            let value = event_target_value(&event).parse().unwrap_or(0);
                            draft.update(|r| set(r, value));
                        }>
                        {options}
                    </select>
                </label>
            }
        })
        .collect_view();
    let grades = move || {
        let tr = app.tr();
        let current = draft.with(|r| r.confirmed_grade);
        Grade::ALL
            .iter()
            .map(|g| view! { <option value=g.as_str() prop:selected=current == Some(*g)>{labels::grade(tr, *g)}</option> })
            .collect_view()
    };
    let write = Write::new(move |ratings: Ratings| async move {
        let changed = grades::save_ratings(app, &as_shown.get_value(), ratings).await?;
        if changed {
            // The write redraws the page (the score changed): the new card shows it.
            SAVED.set(Some((customer, (true, app.tr_untracked().value_ratings_saved().to_owned()))));
        }
        Ok(changed)
    });
    let outcome = write.outcome();
    let status = move || {
        let tr = app.tr();
        match outcome.get() {
            Some(Ok(false)) => Some((true, tr.value_ratings_unchanged().to_owned())),
            Some(Err(error)) => {
                Some((false, tr.grades_save_failed(args::GradesSaveFailed { detail: error_text(tr, &error) })))
            }
            _ => shown.clone(),
        }
    };
    view! {
        <h3>{move || app.tr().value_ratings()}</h3>
        <p class="muted">{move || app.tr().value_ratings_hint()}</p>
        <div class="filter-grid">
            {selects}
            <label class="field compact">
                <span>{move || app.tr().value_confirmed_grade()}</span>
                <select data-testid="rating-confirmed-grade"
                    on:change=move |event| {
                        let grade = Grade::parse(&event_target_value(&event));
                        draft.update(|r| r.confirmed_grade = grade);
                    }>
                    <option value="" prop:selected=move || draft.with(|r| r.confirmed_grade.is_none())>
                        {move || app.tr().value_not_confirmed()}
                    </option>
                    {grades}
                </select>
            </label>
        </div>
        <div class="actions">
            <button class="button" data-testid="ratings-save" disabled=write.pending() on:click=move |_| write.start(draft.get_untracked())>{move || app.tr().value_ratings_save()}</button>
        </div>
        {move || status().map(|(ok, text)| {
            let class = if ok { "notice ok" } else { "error-text" };
            view! { <p class=class role="status" data-testid="ratings-message">{text}</p> }
        })}
    }
}
