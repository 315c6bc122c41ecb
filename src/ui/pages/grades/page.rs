//! Customer value (客户价值): the grade distribution with the D-share alert, the Pareto ranking
//! by profit with key-account tiers, retention and the §3 projection, churn risks, lost
//! customers' responses, the grading settings (see [`super::settings_form`]), the learned
//! grading, and taking a grade snapshot.

use super::settings_form::GradingForm;
use super::win_back::LostCard;
use crate::domain::grading::grade::Grade;
use crate::domain::grading::learn::{learn, Learned, Prediction};
use crate::domain::grading::portfolio::{distribution, portfolio, KeyTier, ParetoRow, Portfolio, PortfolioSettings};
use crate::domain::grading::retention::{lost_customers, projection, retention, ChurnFlag, ChurnRisk};
use crate::domain::model::Id;
use crate::domain::money::{format_cny, format_int};
use crate::i18n::{args, Tr};
use crate::state::grades::{self, GradeBook};
use crate::state::route::Route;
use crate::state::{browser, use_app, AppState};
use crate::ui::errors::error_text;
use crate::ui::format::clause_separator;
use crate::ui::kit::table::{columns, data_table, heading, mark, numeric, table};
use crate::ui::kit::{Loader, Write};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// Rows of the ranking and of the churn list shown; the rest are counted.
const LISTED: usize = 20;
/// Points of the Pareto curve drawn: enough for its shape at any size of the base.
const CURVE_POINTS: usize = 200;

#[component]
pub fn Grades() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || grades::book(app));
    // What the last snapshot or settings save did; typing in the settings clears it.
    let message = RwSignal::new(None::<(bool, String)>);
    let snapshot = Write::new(move |()| async move {
        let taken = grades::take_snapshot(app).await;
        let tr = app.tr_untracked();
        message.set(Some(match &taken {
            Ok(changed) => {
                (true, tr.grades_snapshot_taken(args::GradesSnapshotTaken { count: format_int(*changed as i64) }))
            }
            Err(error) => (false, tr.grades_save_failed(args::GradesSaveFailed { detail: error_text(tr, error) })),
        }));
        taken.map(drop)
    });
    view! {
        <section class="page wide" data-testid="grades">
            <div class="title-row">
                <h1>{move || app.tr().grades_title()}</h1>
                <button class="button" data-testid="grades-snapshot" on:click=move |_| snapshot.start(())>
                    {move || app.tr().grades_snapshot()}
                </button>
            </div>
            <p class="subtitle">{move || app.tr().grades_subtitle()}</p>
            {move || message.get().map(|(ok, text)| {
                let class = if ok { "notice ok" } else { "error-text" };
                view! { <p class=class role="status" data-testid="grades-message">{text}</p> }
            })}
            <Loader resource=book let:book>
                // Drawn again in a new language, as the views word their figures once.
                {
                    let book = StoredValue::new_local(book);
                    move || {
                        app.locale.track();
                        view! { <GradeViews book=book.get_value() message /> }
                    }
                }
            </Loader>
        </section>
    }
}

#[component]
fn GradeViews(book: Rc<GradeBook>, message: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let app = use_app();
    let tr = app.tr_untracked();
    let today = browser::today();
    let settings = &book.settings;
    let spread = distribution(&book.customers, &book.scores, &settings.portfolio);
    let ranked = portfolio(&book.customers, &book.orders, &book.scores, &settings.portfolio, today);
    let kept = retention(&book.orders, today);
    let lost = lost_customers(&book.customers, &book.scores, &settings.retention);
    let changed = book.changed_since_snapshot(today);
    let graded: u32 = spread.all.graded.iter().sum();

    let bars = Grade::ALL
        .iter()
        .map(|&grade| {
            let count = spread.all.get(grade);
            let share = if graded > 0 { f64::from(count) * 100.0 / f64::from(graded) } else { 0.0 };
            view! {
                <div class="grade-bar" data-testid=format!("grade-count-{}", grade.as_str())>
                    <span class=format!("grade-badge grade-{}", grade.as_str())>{labels::grade(tr, grade)}</span>
                    <span class="bar"><span class="fill" style:width=format!("{share:.1}%")></span></span>
                    <span class="count">{format_int(i64::from(count))} " · " {format!("{share:.1}%")}</span>
                </div>
            }
        })
        .collect_view();
    let alert = spread.d_alert.then(|| {
        let share = spread.d_percent.unwrap_or_default();
        view! {
            <p class="notice warn" role="alert" data-testid="d-share-alert">
                {tr.grades_d_alert(args::GradesDAlert {
                    share: format!("{share:.1}%"),
                    limit: format!("{:.1}%", settings.portfolio.d_share_alert_percent),
                })}
            </p>
        }
    });
    let snapshot_note = match &book.last_snapshot {
        Some(last) => tr.grades_changed_since(args::GradesChangedSince {
            date: last.date.map(|d| crate::ui::format::date(tr, d)).unwrap_or_default(),
            count: format_int(changed as i64),
        }),
        None => tr.grades_no_snapshot().to_owned(),
    };
    let projection_note = kept.rate.map(|rate| {
        let years = settings.retention.projection_years;
        let lost_share = projection(rate, years).last().map_or(0.0, |p| p.lost * 100.0);
        tr.grades_projection(args::GradesProjection {
            rate: format!("{:.1}%", rate * 100.0),
            lost: format!("{lost_share:.1}%"),
            years: format_int(i64::from(years)),
        })
    });

    view! {
        <div class="card" data-testid="grade-distribution" data-revision=book.revision.to_string()>
            <h2>{tr.grades_distribution()}</h2>
            <p class="muted" data-testid="grades-compute">
                {tr.grades_computed(args::GradesComputed {
                    count: format_int(book.customers.len() as i64),
                    ms: format!("{:.0}", book.recompute_ms),
                })}
            </p>
            <div class="grade-bars" data-recompute-ms=format!("{:.1}", book.recompute_ms)>{bars}</div>
            <p class="muted">{tr.grades_ungraded(args::GradesUngraded { count: format_int(i64::from(spread.all.ungraded)) })}</p>
            {alert}
            <p class="muted" data-testid="grades-snapshot-note">{snapshot_note}</p>
        </div>
        <GradingForm book=book.clone() message />
        <div class="card" data-testid="pareto">
            <h2>{tr.grades_pareto(args::GradesPareto { measure: labels::rank_measure(tr, settings.portfolio.rank_by) })}</h2>
            {pareto_summary(tr, &ranked, &settings.portfolio)}
            {pareto_chart(tr, &ranked, &settings.portfolio)}
            {ranking_table(tr, &book, &ranked)}
        </div>
        <div class="card" data-testid="retention">
            <h2>{tr.grades_retention()}</h2>
            {projection_note.map(|text| view! { <p data-testid="retention-projection">{text}</p> })}
            {data_table(
                "",
                None,
                vec![heading(tr.grades_year()), numeric(tr.grades_base()), numeric(tr.grades_returned()), numeric(tr.grades_repurchase())],
                kept.years.iter().map(|y| view! {
                    <tr>
                        <td>{y.year} {y.partial.then(|| format!(" ({})", tr.grades_partial_year()))}</td>
                        <td class="num">{format_int(i64::from(y.base))}</td>
                        <td class="num">{format_int(i64::from(y.returned))}</td>
                        <td class="num">{y.rate.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_default()}</td>
                    </tr>
                }).collect_view(),
            )}
            <h3>{tr.grades_cohorts()}</h3>
            {data_table(
                "cohorts",
                Some("cohorts"),
                vec![heading(tr.grades_first_order_year()), numeric(tr.grades_cohort_size()), heading(tr.grades_still_buying())],
                kept.cohorts.iter().map(|c| {
                    let cells = c.active.iter().enumerate().map(|(k, n)| {
                        let share = if c.size > 0 { f64::from(*n) * 100.0 / f64::from(c.size) } else { 0.0 };
                        format!("{}: {share:.0}%", c.year + k as i32)
                    }).collect::<Vec<_>>().join(" · ");
                    view! { <tr><td>{c.year}</td><td class="num">{format_int(i64::from(c.size))}</td><td class="muted">{cells}</td></tr> }
                }).collect_view(),
            )}
        </div>
        <div class="card" data-testid="churn">
            <h2>{tr.grades_churn()}</h2>
            <p class="muted">{tr.grades_churn_count(args::GradesChurnCount { count: format_int(book.churn.len() as i64) })}</p>
            <ul class="plain-list">
                {service_first(&book.churn).into_iter().take(LISTED).map(|risk| {
                    let reasons = risk.flags.iter().map(|f| labels::churn_flag(tr, f)).collect::<Vec<_>>().join(clause_separator(tr.0));
                    view! {
                        <li data-testid="churn-risk">
                            {customer_link(&book, risk.customer_id)}
                            <span class="muted">" — " {reasons}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
        <LostCard book=book.clone() lost />
        <LearnCard book />
    }
}

/// A link to a customer's page, named by the company.
fn customer_link(book: &GradeBook, id: Id) -> impl IntoView {
    let company = book.customer(id).map(|c| c.company.clone()).unwrap_or_default();
    view! { <a href=Route::Customer(id).href()>{company}</a> }
}

fn grade_text(tr: Tr, grade: Option<Grade>) -> &'static str {
    grade.map_or(tr.grades_no_grade(), |g| labels::grade(tr, g))
}

fn pareto_summary(tr: Tr, ranked: &Portfolio, settings: &PortfolioSettings) -> impl IntoView {
    let measure = labels::rank_measure(tr, settings.rank_by);
    let tiers = ranked
        .tiers
        .iter()
        .map(|t| {
            view! {
                <li data-testid=format!("tier-{}", t.tier.as_str())>
                    <span class=format!("tier-badge tier-{}", t.tier.as_str())>{labels::key_tier(tr, t.tier, settings)}</span>
                    " " {tr.grades_tier_summary(args::GradesTierSummary {
                        count: format_int(i64::from(t.customers)),
                        revenue: format!("{:.1}%", t.revenue_percent),
                        profit: format!("{:.1}%", t.profit_percent),
                    })}
                </li>
            }
        })
        .collect_view();
    let eighty = ranked.customers_for_80_percent.map(|n| {
        let share = n as f64 * 100.0 / ranked.rows.len().max(1) as f64;
        tr.grades_eighty(args::GradesEighty { count: format_int(i64::from(n)), share: format!("{share:.1}%"), measure })
    });
    view! {
        <p class="muted">{tr.grades_pareto_basis(args::GradesParetoBasis {
            count: format_int(ranked.rows.len() as i64),
            profit: format_cny(ranked.profit),
        })}</p>
        <ul class="plain-list tiers">{tiers}</ul>
        {eighty.map(|text| view! { <p data-testid="pareto-eighty">{text}</p> })}
    }
}

/// Cumulative profit share against the share of customers, most profitable first, with the tier
/// boundaries; an SVG that scales with its box.
fn pareto_chart(tr: Tr, ranked: &Portfolio, settings: &PortfolioSettings) -> impl IntoView {
    const W: f64 = 600.0;
    const H: f64 = 260.0;
    const PAD: f64 = 36.0;
    let n = ranked.rows.len();
    if n == 0 {
        return view! { <p class="muted">{tr.grades_no_ranking()}</p> }.into_any();
    }
    let top = ranked.rows.iter().map(|r| r.cumulative_percent).fold(100.0, f64::max);
    let x = |percent: f64| PAD + percent / 100.0 * (W - 2.0 * PAD);
    let y = |percent: f64| H - PAD - percent / top * (H - 2.0 * PAD);
    let step = n.div_ceil(CURVE_POINTS).max(1);
    let mut points = vec![format!("{:.1},{:.1}", x(0.0), y(0.0))];
    points.extend(
        ranked
            .rows
            .iter()
            .enumerate()
            .filter(|(i, _)| i % step == 0 || *i == n - 1)
            .map(|(_, r)| format!("{:.1},{:.1}", x(r.cumulative_customer_percent), y(r.cumulative_percent))),
    );
    let boundary = |tier: KeyTier| {
        let last = ranked.rows.iter().rposition(|r| r.tier == Some(tier))?;
        Some(ranked.rows[last].cumulative_customer_percent)
    };
    let marks = [KeyTier::Core, KeyTier::Next]
        .into_iter()
        .filter_map(|tier| boundary(tier).map(|at| (tier, at)))
        .map(|(tier, at)| {
            view! {
                <line class="tier-line" x1=x(at) x2=x(at) y1=PAD y2=H - PAD />
                <text class="chart-label" x=x(at) + 4.0 y=PAD + 12.0>{labels::key_tier(tr, tier, settings)}</text>
            }
        })
        .collect_view();
    let gridlines = [0.0, 50.0, 80.0, 100.0]
        .into_iter()
        .map(|p| {
            view! {
                <line class="grid" x1=PAD x2=W - PAD y1=y(p) y2=y(p) />
                <text class="chart-label" x=4.0 y=y(p) + 4.0>{format!("{p:.0}%")}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart pareto-chart" data-testid="pareto-chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=tr.grades_pareto_chart(args::GradesParetoChart { measure: labels::rank_measure(tr, settings.rank_by) })>
            {gridlines}
            <line class="axis" x1=PAD x2=W - PAD y1=H - PAD y2=H - PAD />
            {marks}
            <polyline class="curve" points=points.join(" ") />
            <text class="chart-label" x=W - PAD y=H - 8.0 text-anchor="end">{tr.grades_pareto_x()}</text>
        </svg>
    }
    .into_any()
}

fn ranking_table(tr: Tr, book: &GradeBook, ranked: &Portfolio) -> impl IntoView {
    let grade = |id| book.score(id).and_then(|s| s.grade);
    let c = columns::<&ParetoRow>();
    let columns = [
        c.text(tr.grades_rank(), |r| r.rank),
        c.text(tr.field_company(), |r| customer_link(book, r.customer_id)).cells("company"),
        c.text(tr.grades_tier(), |r| r.tier.map(|t| labels::key_tier(tr, t, &book.settings.portfolio))).cells("nowrap"),
        c.text(tr.grades_grade(), |r| grade_text(tr, grade(r.customer_id))).cells("nowrap"),
        c.number(tr.grades_profit(), |r| format_cny(r.profit)),
        c.number(tr.grades_revenue(), |r| format_cny(r.revenue)),
        c.number(tr.grades_cumulative(), |r| format!("{:.1}%", r.cumulative_percent)),
        c.number(tr.grades_growth(), |r| r.growth_percent.map(|g| format!("{g:+.0}%"))),
    ];
    let rows = ranked.rows.iter().filter(|r| r.tier.is_some()).take(LISTED);
    table("", None, &columns, rows, |_| mark("pareto-row"))
}

/// The classifier learned from the grades the user confirmed: cross-validated accuracy and the
/// confusion matrix, or why there is nothing to learn from yet. Trained on request: it takes a
/// moment on a large base.
#[component]
fn LearnCard(book: Rc<GradeBook>) -> impl IntoView {
    let app = use_app();
    let result = RwSignal::new_local(None::<Rc<Learned>>);
    let book = StoredValue::new_local(book);
    let train = move |_| {
        let learned = book.with_value(|b| learn(&b.scores, &b.ratings, &b.settings.learning));
        result.set(Some(Rc::new(learned)));
    };
    let shown = move |learned: Rc<Learned>| book.with_value(|b| learned_view(app, b, &learned));
    view! {
        <div class="card" data-testid="learned">
            <h2>{move || app.tr().grades_learned()}</h2>
            <p class="muted">{move || app.tr().grades_learned_hint()}</p>
            <button class="button secondary" data-testid="learn" on:click=train>{move || app.tr().grades_learn()}</button>
            {move || result.get().map(shown)}
        </div>
    }
}

fn learned_view(app: AppState, book: &GradeBook, learned: &Learned) -> AnyView {
    let tr = app.tr();
    match learned {
        Learned::NotEnoughLabels(short) => view! {
            <p class="notice" data-testid="learn-short">
                {tr.grades_learn_short(args::GradesLearnShort {
                    labelled: format_int(i64::from(short.labelled)),
                    min: format_int(i64::from(short.min_labelled)),
                    per_grade: format_int(i64::from(short.min_per_grade)),
                })}
            </p>
        }
        .into_any(),
        Learned::Trained(trained) => {
            let head = Grade::ALL.iter().map(|g| view! { <th class="num">{labels::grade(tr, *g)}</th> }).collect_view();
            let rows = Grade::ALL
                .iter()
                .map(|&confirmed| {
                    let cells = Grade::ALL
                        .iter()
                        .map(|&predicted| {
                            let n = trained.confusion[confirmed.index()][predicted.index()];
                            let class = if confirmed == predicted { "num hit" } else { "num" };
                            view! { <td class=class>{format_int(i64::from(n))}</td> }
                        })
                        .collect_view();
                    view! { <tr><th>{labels::grade(tr, confirmed)}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <p data-testid="learn-accuracy">
                    {tr.grades_learn_accuracy(args::GradesLearnAccuracy {
                        accuracy: format!("{:.1}%", trained.accuracy * 100.0),
                        labelled: format_int(i64::from(trained.labelled)),
                        folds: format_int(i64::from(trained.folds)),
                        predicted: format_int(trained.predictions.len() as i64),
                    })}
                </p>
                <table class="data-table confusion" data-testid="confusion">
                    <thead><tr><th>{tr.grades_confirmed_vs_predicted()}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {suggestions(tr, book, &trained.predictions)}
            }
            .into_any()
        }
    }
}

/// The model's grades for customers the user has not graded where they differ from the computed
/// grade, surest first: the ones worth a second look.
fn suggestions(tr: Tr, book: &GradeBook, predictions: &[Prediction]) -> impl IntoView {
    let mut differing: Vec<(&Prediction, Option<Grade>)> = predictions
        .iter()
        .map(|p| (p, book.score(p.customer_id).and_then(|s| s.grade)))
        .filter(|(p, computed)| computed.is_some_and(|g| g != p.grade))
        .collect();
    differing.sort_by(|a, b| b.0.probability.total_cmp(&a.0.probability));
    let count = differing.len();
    let c = columns::<(&Prediction, Option<Grade>)>();
    let columns = [
        c.text(tr.field_company(), |(p, _)| customer_link(book, p.customer_id)).cells("company"),
        c.text(tr.grades_computed_grade(), |(_, computed)| grade_text(tr, *computed)).cells("nowrap"),
        c.text(tr.grades_suggested_grade(), |(p, _)| labels::grade(tr, p.grade)).cells("nowrap"),
        c.number(tr.grades_certainty(), |(p, _)| format!("{:.0}%", p.probability * 100.0)),
    ];
    let rows = differing.into_iter().take(LISTED);
    view! {
        <h3>{tr.grades_suggestions(args::GradesSuggestions { count: format_int(count as i64) })}</h3>
        {table("", None, &columns, rows, |_| mark("suggestion"))}
    }
}

/// The churn risks with an open complaint first, then those with a closed complaint or a low
/// service rating (what the customer said outright is the most pressing sign), the newest ticket
/// first; then the rest in the book's order.
fn service_first(churn: &[ChurnRisk]) -> Vec<&ChurnRisk> {
    let rank = |risk: &ChurnRisk| {
        let mut key = (2, std::cmp::Reverse(0));
        for flag in &risk.flags {
            let (rank, id) = match flag {
                ChurnFlag::Complaints { open: true, latest, .. } => (0, latest.id),
                ChurnFlag::Complaints { latest, .. } | ChurnFlag::LowRatings { latest, .. } => (1, latest.id),
                _ => continue,
            };
            key = key.min((rank, std::cmp::Reverse(id)));
        }
        key
    };
    let mut risks: Vec<&ChurnRisk> = churn.iter().collect();
    risks.sort_by_key(|risk| rank(risk));
    risks
}
