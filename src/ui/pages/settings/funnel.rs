//! The funnel's part of Settings: configured stage percentages, the gate criteria of each stage
//! (built-in ones removed, the user's own added), the recommended strategy text of each MAN
//! combination (empty: the default text), the company's monthly quotas, and quotas per owner
//! and per region (a customer's province, or the owner's office) by month or quarter. A typed
//! amount that is not one is refused with the reason and changes nothing. The form saves from the
//! revision it opened: another window's change to other controls merges in, one to the same
//! control asks which to keep; settings not saved yet are kept for the tab.

use crate::domain::date::Month;
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::quota::{Period, Quota};
use crate::domain::funnel::settings::{FunnelSettings, GATES, QUOTAS, STAGE_PERCENT, STRATEGIES};
use crate::domain::funnel::stage::OPEN_STAGES;
use crate::domain::merge::Clash;
use crate::domain::model::Id;
use crate::domain::money::{amount_text, format_cny, parse_cny, AmountError, Cny, MAX_AMOUNT};
use crate::i18n::{args, Locale, Tr};
use crate::state::opportunities::{self, FunnelBook};
use crate::state::{browser, use_app, AppState, Clashed, Decision, Revised, Revision, Saved, StoreError};
use crate::ui::format::list_separator;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::{record_clash, ChangedElsewhere, ClashRow, DraftKept, Made, Write};
use crate::ui::labels;
use crate::ui::labels::{criterion_name, default_strategy, period_label, region_name};
use leptos::prelude::*;
use std::rc::Rc;

/// Months ahead whose company quota the section edits (this month first).
const QUOTA_MONTHS: i32 = 6;
/// Months and quarters ahead an owner's or region's quota can be set for (this one first).
const TARGET_MONTHS: i32 = 12;
const TARGET_QUARTERS: i32 = 4;

/// A change to the settings being edited.
type SettingsEdit = Box<dyn FnOnce(&mut FunnelSettings)>;

/// Who a quota is for, as the editor lists them.
#[derive(Clone, Debug, PartialEq)]
struct QuotaTarget {
    owner: Option<Id>,
    region: Option<String>,
}

impl QuotaTarget {
    fn key(&self) -> String {
        match (&self.owner, &self.region) {
            (Some(id), _) => format!("owner:{id}"),
            (None, Some(region)) => format!("region:{region}"),
            (None, None) => String::new(),
        }
    }

    fn of(quota: &Quota) -> QuotaTarget {
        QuotaTarget { owner: quota.owner, region: quota.region.clone() }
    }
}

/// The owners and regions a quota can be set for, with their names.
#[derive(Clone, Default)]
struct Targets {
    owners: Vec<(Id, String)>,
    regions: Vec<String>,
}

impl Targets {
    fn of(book: &FunnelBook) -> Targets {
        Targets {
            owners: book.owners().iter().map(|u| (u.id, u.name.clone())).collect(),
            regions: book.sales_regions().into_iter().filter(|r| !r.is_empty()).map(str::to_owned).collect(),
        }
    }

    fn name(&self, locale: Locale, target: &QuotaTarget) -> String {
        match (&target.owner, &target.region) {
            (Some(id), _) => self.owners.iter().find(|(o, _)| o == id).map(|(_, n)| n.clone()).unwrap_or_default(),
            (None, Some(region)) => region_name(locale, region),
            (None, None) => locale.tr().quota_company().to_owned(),
        }
    }
}

fn period_key(period: Period) -> String {
    match period {
        Period::Month(month) => format!("m{}-{}", month.year(), month.month()),
        Period::Quarter { year, quarter } => format!("q{year}-{quarter}"),
    }
}

/// Why a typed amount is refused, in words.
pub fn amount_problem(tr: Tr, error: AmountError) -> String {
    match error {
        AmountError::Empty => tr.problem_required().to_owned(),
        AmountError::Invalid => tr.problem_amount().to_owned(),
        AmountError::TooPrecise => tr.problem_amount_decimals().to_owned(),
        AmountError::Negative => tr.problem_amount_negative().to_owned(),
        AmountError::TooLarge => {
            tr.problem_amount_too_large(args::ProblemAmountTooLarge { max: format_cny(MAX_AMOUNT) })
        }
    }
}

/// The funnel book, read again on every write (another tab's too): names people and regions.
type BookResource = LocalResource<Result<Rc<FunnelBook>, StoreError>>;

/// What the form opens with: the stored settings with their revision, and the settings shown —
/// the ones kept from an earlier save that could not be made, if any.
#[derive(Clone)]
struct Loaded {
    opened: Revised<FunnelSettings>,
    settings: FunnelSettings,
    kept: bool,
}

async fn load(app: AppState) -> Result<Loaded, StoreError> {
    let stored = opportunities::opened_settings(app).await?;
    Ok(match opportunities::kept_settings(app) {
        Some(kept) => Loaded { opened: kept.opened.unwrap_or(stored), settings: kept.draft, kept: true },
        None => Loaded { settings: stored.record.clone(), opened: stored, kept: false },
    })
}

#[component]
pub fn FunnelSettingsSection() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || opportunities::book(app));
    // Opened once a workspace is: the form outlives the writes it and other tabs make.
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app)
    });
    view! {
        <section class="card" data-testid="funnel-settings">
            <h2>{move || app.tr().funnel_settings_title()}</h2>
            {move || loaded.get().and_then(Result::ok).map(|loaded| view! { <Editor loaded book /> })}
        </section>
    }
}

/// Who made `revision` and when, naming people from `book` once it is read.
fn made_by(tr: Tr, book: BookResource, revision: Option<Revision>) -> Made {
    match book.get() {
        Some(Ok(book)) => Made::of(tr, revision, |user| book.user_name(user).to_owned()),
        _ => Made::of(tr, revision, |_| String::new()),
    }
}

#[component]
fn Editor(loaded: Loaded, book: BookResource) -> impl IntoView {
    let app = use_app();
    let this_month = browser::today().month_of();
    let Loaded { opened, settings, kept } = loaded;
    let settings = RwSignal::new(settings);
    let kept = RwSignal::new(kept);
    // What the next save starts from: as opened, then as stored after each save, a clash the
    // user settled, or a change made elsewhere while the form was untouched.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<FunnelSettings>>>);
    let saved = RwSignal::new(false);
    // Why the last typed company quota was refused.
    let company_error = RwSignal::new(None::<String>);
    let new_criteria: Vec<RwSignal<String>> = OPEN_STAGES.iter().map(|_| RwSignal::new(String::new())).collect();
    let edit = move |f: Box<dyn FnOnce(&mut FunnelSettings)>| {
        settings.update(|s| f(s));
        saved.set(false);
    };
    let percents = OPEN_STAGES
        .iter()
        .enumerate()
        .map(|(i, &stage)| {
            view! {
                <label class="field">
                    <span>{move || labels::funnel_stage(app.tr(), stage)}</span>
                    <input type="number" min="0" max="100" inputmode="numeric" data-testid=format!("stage-percent-{}", stage.as_str())
                        prop:value=move || settings.with(|s| s.forecast.stage_percent[i].to_string())
                        on:change=move |e| {
                            let value: u8 = event_target_value(&e).trim().parse().unwrap_or(0).min(100);
                            edit(Box::new(move |s| s.forecast.stage_percent[i] = value));
                        } />
                </label>
            }
        })
        .collect_view();
    let gates = OPEN_STAGES
        .iter()
        .enumerate()
        .map(|(i, &stage)| {
            let text = new_criteria[i];
            let items = move || {
                settings.with(|s| {
                    s.gates
                        .gate(stage)
                        .map(|g| g.criteria.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|id| {
                            let remove = id.clone();
                            view! {
                                <li data-testid="settings-criterion">
                                    {criterion_name(app.tr(), &id)}
                                    " "
                                    <button class="button secondary small" on:click=move |_| {
                                        let remove = remove.clone();
                                        edit(Box::new(move |s| s.remove_criterion(&remove)));
                                    }>{move || app.tr().funnel_settings_remove()}</button>
                                </li>
                            }
                        })
                        .collect_view()
                })
            };
            view! {
                <div class="gate-settings">
                    <h4>{move || app.tr().gate_checklist_title(args::GateChecklistTitle { stage: labels::funnel_stage(app.tr(), stage) })}</h4>
                    <ul>{items}</ul>
                    <div class="inline-add">
                        <input type="text" data-testid=format!("add-criterion-{}", stage.as_str()) prop:value=text
                            placeholder=move || app.tr().funnel_settings_new_criterion()
                            on:input=move |e| text.set(event_target_value(&e)) />
                        <button class="button secondary" on:click=move |_| {
                            let value = text.get_untracked();
                            edit(Box::new(move |s| { s.add_criterion(stage, &value); }));
                            text.set(String::new());
                        }>{move || app.tr().funnel_settings_add()}</button>
                    </div>
                </div>
            }
        })
        .collect_view();
    let strategies = ManCombination::ALL
        .iter()
        .map(|&combination| {
            view! {
                <label class="field wide">
                    <span><span class="man-code">{combination.code()}</span></span>
                    <textarea rows="2" data-testid=format!("strategy-{}", combination.code())
                        placeholder=move || default_strategy(app.tr(), combination)
                        prop:value=move || settings.with(|s| s.strategy(combination).unwrap_or_default().to_owned())
                        on:change=move |e| {
                            let value = event_target_value(&e);
                            edit(Box::new(move |s| s.set_strategy(combination, &value)));
                        }></textarea>
                </label>
            }
        })
        .collect_view();
    let quotas = (0..QUOTA_MONTHS)
        .map(|ahead| {
            let month = this_month + ahead;
            let period = Period::Month(month);
            view! {
                <label class="field">
                    <span>{move || app.tr().forecast_month_label(args::ForecastMonthLabel {
                        month: month.month(),
                        year: month.year() % 100,
                    })}</span>
                    <input type="text" inputmode="decimal" data-testid=format!("quota-{ahead}")
                        prop:value=move || settings.with(|s| s.company_quota(period).map(amount_text).unwrap_or_default())
                        on:change=move |e| {
                            // An emptied field removes the quota; anything else must be an amount.
                            let amount = match parse_cny(&event_target_value(&e)) {
                                Ok(amount) => amount,
                                Err(AmountError::Empty) => Cny::ZERO,
                                Err(error) => {
                                    let tr = app.tr_untracked();
                                    let problem = amount_problem(tr, error);
                                    company_error.set(Some(tr.quota_error(args::QuotaError {
                                        who: tr.quota_company(),
                                        period: period_label(tr, period),
                                        problem,
                                    })));
                                    return;
                                }
                            };
                            company_error.set(None);
                            edit(Box::new(move |s| s.set_quota(None, period, amount)));
                        } />
                </label>
            }
        })
        .collect_view();
    let write = Write::new(move |current: FunnelSettings| async move {
        let opened = base.get_untracked();
        match opportunities::save_settings(app, &opened, &current).await {
            Ok(Saved::Stored { .. }) => {
                opportunities::discard_settings(app);
                kept.set(false);
                let stored = opportunities::opened_settings(app).await?;
                settings.set(stored.record.clone());
                base.set(stored);
                saved.set(true);
                Ok(())
            }
            Ok(Saved::Clashed(clashed)) => {
                opportunities::keep_settings(app, &opened, &current);
                clash.set(Some(Rc::from(clashed)));
                Ok(())
            }
            Err(error) => {
                opportunities::keep_settings(app, &opened, &current);
                app.report(error.clone());
                Err(error)
            }
        }
    });
    let save = move |_| write.start(settings.get_untracked());
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        base.set(clashed.stored.clone());
        settings.set(resolved.clone());
        clash.set(None);
        write.start(resolved);
    });
    let current = app.watch(move || async move { opportunities::opened_settings(app).await.ok() });
    // An untouched form follows what is stored; a touched one keeps its edits and says another
    // window changed the settings.
    Effect::new(move |_| {
        let Some(now) = current.get().flatten() else { return };
        let untouched = base.with_untracked(|b| settings.with_untracked(|s| *s == b.record));
        if untouched && !kept.get_untracked() && clash.with_untracked(Option::is_none) {
            settings.set(now.record.clone());
            base.set(now);
        }
    });
    let changed_elsewhere = Signal::derive_local(move || {
        let revision = current.get().flatten()?.revision.filter(|r| !browser::drawn_here(r.rev.tag))?;
        base.with(|b| b.revision != Some(revision)).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, book, Some(revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let discard = move |_| {
        opportunities::discard_settings(app);
        kept.set(false);
        if let Some(stored) = current.get_untracked().flatten() {
            base.set(stored);
        }
        settings.set(base.with_untracked(|b| b.record.clone()));
    };
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, app.locale.get(), book, clashed),
        move |tr, revision| made_by(tr, book, revision),
        write.pending().into(),
        decide,
    );
    let target_quotas = move || {
        book.get().and_then(Result::ok).map(|b| {
            view! { <TargetQuotas settings targets=Targets::of(&b) this_month edit=Callback::new(move |f| edit(f)) /> }
        })
    };
    view! {
        <ChangedElsewhere message=changed_elsewhere />
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        {dialog}
        <div inert=move || clash.with(Option::is_some)>
        <h3>{move || app.tr().funnel_settings_percent()}</h3>
        <div class="filter-grid">{percents}</div>
        <h3>{move || app.tr().funnel_settings_gates()}</h3>
        {gates}
        <h3>{move || app.tr().funnel_settings_strategies()}</h3>
        <div class="filter-grid">{strategies}</div>
        <h3>{move || app.tr().funnel_settings_quotas()}</h3>
        <div class="filter-grid">{quotas}</div>
        {move || company_error.get().map(|text| view! { <p class="error-text" role="alert" data-testid="company-quota-error">{text}</p> })}
        <h3>{move || app.tr().funnel_settings_quotas_by()}</h3>
        {target_quotas}
        <div class="actions">
            <button class="button" data-testid="save-funnel-settings" disabled=write.pending() on:click=save>{move || app.tr().opportunity_save()}</button>
            <Show when=move || saved.get()>
                <span class="muted" role="status">{move || app.tr().opportunity_saved()}</span>
            </Show>
        </div>
        </div>
    }
}

/// Each clashing control of a save as the dialog shows it: named by the form's labels, valued
/// as the form shows it, people and regions named from `book`.
fn clash_rows(tr: Tr, locale: Locale, book: BookResource, clashed: &Clashed<FunnelSettings>) -> Vec<ClashRow> {
    let Some(Ok(read)) = book.get() else { return Vec::new() };
    let by = made_by(tr, book, clashed.stored.revision);
    let row = |clash: &Clash| {
        let (name, stored) = place_words(tr, locale, &read, clash, &clashed.stored.record, &clashed.mine);
        let (_, mine) = place_words(tr, locale, &read, clash, &clashed.mine, &clashed.stored.record);
        ClashRow { name, stored, mine, by: by.clone(), typed: None }
    };
    clashed.clashes.iter().map(row).collect()
}

/// The control `clash` names (as the merge names it) in `settings`: its label and its value as
/// the form shows it. `other` is the other side, which names a quota `settings` lacks.
fn place_words(
    tr: Tr,
    locale: Locale,
    book: &FunnelBook,
    clash: &Clash,
    settings: &FunnelSettings,
    other: &FunnelSettings,
) -> (String, String) {
    let item = clash.item.as_deref().unwrap_or_default();
    let stage = OPEN_STAGES.iter().copied().find(|s| s.as_str() == item);
    let empty = || tr.history_empty_value().to_owned();
    match (clash.field, stage) {
        (STAGE_PERCENT, Some(stage)) => {
            let i = OPEN_STAGES.iter().position(|s| *s == stage).unwrap_or_default();
            let name = format!("{} · {}", tr.funnel_settings_percent(), labels::funnel_stage(tr, stage));
            (name, format!("{}%", settings.forecast.stage_percent[i]))
        }
        (GATES, Some(stage)) => {
            let name = tr.gate_checklist_title(args::GateChecklistTitle { stage: labels::funnel_stage(tr, stage) });
            let criteria = settings.gates.gate(stage).map(|g| g.criteria.as_slice()).unwrap_or_default();
            let names: Vec<String> = criteria.iter().map(|c| criterion_name(tr, &c.id)).collect();
            (name, if names.is_empty() { empty() } else { names.join(list_separator(locale)) })
        }
        (STRATEGIES, _) => match ManCombination::ALL.iter().copied().find(|c| c.strategy_id() == item) {
            Some(combination) => {
                let name = format!("{} · {}", tr.funnel_settings_strategies(), combination.code());
                let text = settings.strategy(combination).unwrap_or(default_strategy(tr, combination)).to_owned();
                (name, text)
            }
            None => (item.to_owned(), empty()),
        },
        (QUOTAS, _) => match settings.quota_at(item).or_else(|| other.quota_at(item)) {
            Some(quota) => {
                let targets = Targets::of(book);
                let who = targets.name(locale, &QuotaTarget::of(quota));
                let name = format!("{} · {who} · {}", tr.funnel_settings_quotas(), period_label(tr, quota.period));
                (name, settings.quota_at(item).map_or_else(empty, |q| format_cny(q.amount)))
            }
            None => (item.to_owned(), empty()),
        },
        (field, _) => (field.to_owned(), empty()),
    }
}

/// Quotas per owner and per region: pick who and which month or quarter, type the amount, set
/// it; the list shows every one set, each removable.
#[component]
fn TargetQuotas(
    settings: RwSignal<FunnelSettings>,
    targets: Targets,
    this_month: Month,
    edit: Callback<SettingsEdit>,
) -> impl IntoView {
    let app = use_app();
    let first_quarter = Period::quarter_of(this_month);
    let periods: Vec<Period> = (0..TARGET_MONTHS)
        .map(|ahead| Period::Month(this_month + ahead))
        .chain((0..TARGET_QUARTERS).map(|ahead| Period::quarter_of(first_quarter.first_day().month_of() + ahead * 3)))
        .collect();
    let choices: Vec<QuotaTarget> = targets
        .owners
        .iter()
        .map(|(id, _)| QuotaTarget { owner: Some(*id), region: None })
        .chain(targets.regions.iter().map(|r| QuotaTarget { owner: None, region: Some(r.clone()) }))
        .collect();
    let target = RwSignal::new(choices.first().cloned());
    let period = RwSignal::new(first_quarter);
    let amount = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let targets = StoredValue::new(targets);
    let choices = StoredValue::new(choices);
    let periods = StoredValue::new(periods);

    let set = move |_| {
        let Some(who) = target.get_untracked() else { return };
        let when = period.get_untracked();
        let tr = app.tr_untracked();
        match parse_cny(&amount.get_untracked()) {
            Ok(value) => {
                error.set(None);
                amount.set(String::new());
                edit.run(Box::new(move |s| s.set_quota_of(who.owner, who.region.as_deref(), when, value)));
            }
            Err(problem) => {
                let name = targets.with_value(|t| t.name(app.locale.get_untracked(), &who));
                error.set(Some(tr.quota_error(args::QuotaError {
                    who: name,
                    period: period_label(tr, when),
                    problem: amount_problem(tr, problem),
                })));
            }
        }
    };
    let target_options = move || {
        let tr = app.tr();
        let locale = app.locale.get();
        let current = target.get().map(|t| t.key()).unwrap_or_default();
        let option = |t: &QuotaTarget| {
            let key = t.key();
            let selected = key == current;
            let name = targets.with_value(|all| all.name(locale, t));
            view! { <option value=key prop:selected=selected>{name}</option> }
        };
        choices.with_value(|all| {
            let owners = all.iter().filter(|t| t.owner.is_some()).map(option).collect_view();
            let regions = all.iter().filter(|t| t.owner.is_none()).map(option).collect_view();
            view! {
                <optgroup label=tr.quota_owners()>{owners}</optgroup>
                <optgroup label=tr.quota_regions()>{regions}</optgroup>
            }
        })
    };
    let period_options = move || {
        let tr = app.tr();
        let current = period.get();
        periods.with_value(|all| {
            all.iter()
                .map(|&p| view! { <option value=period_key(p) prop:selected=p == current>{period_label(tr, p)}</option> })
                .collect_view()
        })
    };
    let list = move || {
        let tr = app.tr();
        let locale = app.locale.get();
        let set: Vec<Quota> =
            settings.with(|s| s.quotas.iter().filter(|q| q.owner.is_some() || q.region.is_some()).cloned().collect());
        if set.is_empty() {
            return view! { <p class="muted" data-testid="quota-none">{tr.quota_none()}</p> }.into_any();
        }
        let rows = set
            .into_iter()
            .map(|quota| {
                let who = QuotaTarget::of(&quota);
                let name = targets.with_value(|t| t.name(locale, &who));
                let (when, value) = (quota.period, quota.amount);
                view! {
                    <tr data-testid="quota-row">
                        <td>{name}</td>
                        <td>{period_label(tr, when)}</td>
                        <td class="num">{format_cny(value)}</td>
                        <td>
                            <button class="button secondary small" on:click=move |_| {
                                let who = who.clone();
                                edit.run(Box::new(move |s| s.set_quota_of(who.owner, who.region.as_deref(), when, Cny::ZERO)));
                            }>{tr.funnel_settings_remove()}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let headings =
            vec![heading(tr.quota_for()), heading(tr.quota_period()), numeric(tr.quota_amount()), heading("")];
        data_table("", Some("quota-list"), headings, rows).into_any()
    };
    view! {
        <p class="muted">{move || app.tr().quota_set_hint()}</p>
        <div class="filter-grid quota-editor">
            <label class="field">
                <span>{move || app.tr().quota_for()}</span>
                <select data-testid="quota-target" on:change=move |e| {
                    let key = event_target_value(&e);
                    target.set(choices.with_value(|all| all.iter().find(|t| t.key() == key).cloned()));
                }>{target_options}</select>
            </label>
            <label class="field">
                <span>{move || app.tr().quota_period()}</span>
                <select data-testid="quota-period" on:change=move |e| {
                    let key = event_target_value(&e);
                    if let Some(p) = periods.with_value(|all| all.iter().copied().find(|p| period_key(*p) == key)) {
                        period.set(p);
                    }
                }>{period_options}</select>
            </label>
            <label class="field">
                <span>{move || app.tr().quota_amount()}</span>
                <input type="text" inputmode="decimal" data-testid="quota-amount" prop:value=amount
                    on:input=move |e| amount.set(event_target_value(&e)) />
            </label>
            <div class="field">
                <span></span>
                <button class="button secondary" data-testid="quota-set" disabled=move || target.with(Option::is_none) on:click=set>
                    {move || app.tr().quota_set()}
                </button>
            </div>
        </div>
        {move || error.get().map(|text| view! { <p class="error-text" role="alert" data-testid="quota-error">{text}</p> })}
        {list}
    }
}
