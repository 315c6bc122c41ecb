//! Settings → Service desk: the working calendar SLA clocks run on (weekdays, working periods,
//! public holidays, make-up working days), the targets per priority and per customer contract,
//! the at-risk share and the repeat-visit threshold; every problem at its input, and tickets
//! judged by the settings at once once saved. Saved from the revision the form opened like the
//! cockpit's thresholds: another window's change to another part merges in, one to the same
//! part asks which to keep; settings not saved yet are kept for the tab.

use crate::domain::model::{Customer, Id};
use crate::domain::service::calendar::{Festival, Weekday};
use crate::domain::service::record::Priority;
use crate::domain::service::settings::ServiceSettings;
use crate::domain::service::settings_form::{
    draft, ContractDraft, End, HolidayDraft, PeriodDraft, SettingsDraft, SettingsField, TargetsDraft,
};
use crate::domain::service::sla::Target;
use crate::i18n::{args, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{customers, service, use_app, AppState, Clashed, StoreError};
use crate::ui::fields::Shown;
use crate::ui::kit::{invalid, ClashRow, Made, SettingForm, SettingLoader, SettingWords};
use crate::ui::{labels, problems};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// Reads one input's text from the draft; `None` once its row is gone.
type Getter = Arc<dyn Fn(&SettingsDraft) -> Option<String> + Send + Sync>;
/// Writes one input's text into the draft.
type Setter = Arc<dyn Fn(&mut SettingsDraft, String) + Send + Sync>;
/// Changes the draft (adds or removes a row).
type Change = Arc<dyn Fn(&mut SettingsDraft) + Send + Sync>;

async fn load(app: AppState) -> Result<(Opened<ServiceSettings>, Rc<Vec<Customer>>), StoreError> {
    let opened = service::SETTINGS.open_form(app).await?;
    let mut customers = customers::book(app).await?.customers.clone();
    customers.sort_by(|a, b| a.company.cmp(&b.company));
    Ok((opened, Rc::new(customers)))
}

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.service_settings_saved(),
    failed: |tr, error| tr.service_settings_failed(args::ServiceSettingsFailed { error }),
};

#[component]
pub fn ServiceDeskSettings() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || load(app) failed=WORDS.failed let:loaded>
            <ServiceSettingsForm opened=loaded.0 customers=loaded.1 />
        </SettingLoader>
    }
}

/// Part `field` of `settings` (as the merge names it): its title and its value in words.
fn part_words(tr: Tr, field: &str, settings: &ServiceSettings, customers: &[Customer]) -> (String, String) {
    let shown = draft(settings);
    match field {
        "calendar" => {
            let days: Vec<&str> = shown.working_days.iter().map(|&d| labels::weekday(tr, d)).collect();
            let periods: Vec<String> = shown.periods.iter().map(|p| format!("{}–{}", p.start, p.end)).collect();
            let value = tr.service_settings_calendar_value(args::ServiceSettingsCalendarValue {
                days: days.join(" "),
                periods: periods.join(", "),
                holidays: shown.holidays.len(),
                makeup: shown.makeup_days.len(),
            });
            (tr.service_settings_calendar().to_owned(), value)
        }
        "sla" => {
            let targets = Priority::ALL
                .iter()
                .zip(&shown.targets)
                .rev()
                .map(|(&p, t)| format!("{} {} / {} h", labels::priority(tr, p), t.first_response, t.resolution));
            let contracts = shown.contracts.iter().map(|c| {
                let name = customers.iter().find(|x| Some(x.id) == c.customer_id).map_or("", |x| x.company.as_str());
                format!(
                    "{name} {} {} / {} h",
                    labels::priority(tr, c.priority),
                    c.targets.first_response,
                    c.targets.resolution
                )
            });
            let mut words: Vec<String> = targets.chain(contracts).collect();
            words.push(format!("{} {}%", tr.service_settings_at_risk(), shown.at_risk_percent));
            (tr.service_settings_targets().to_owned(), words.join("; "))
        }
        "tickets" => (tr.service_settings_repeat_visits().to_owned(), shown.repeat_visits),
        _ => (field.to_owned(), String::new()),
    }
}

fn clash_rows(tr: Tr, customers: &[Customer], clashed: &Clashed<ServiceSettings>, by: Made) -> Vec<ClashRow> {
    let row = |clash: &crate::domain::merge::Clash| {
        let (name, stored) = part_words(tr, clash.field, &clashed.stored.record, customers);
        let (_, mine) = part_words(tr, clash.field, &clashed.mine, customers);
        ClashRow { name, stored, mine, by: by.clone(), typed: None }
    };
    clashed.clashes.iter().map(row).collect()
}

/// Finds a row's targets in the draft, to read and to change.
type RowOf =
    (fn(&SettingsDraft, usize) -> Option<&TargetsDraft>, fn(&mut SettingsDraft, usize) -> Option<&mut TargetsDraft>);

/// Test id part of a priority.
fn priority_key(priority: Priority) -> &'static str {
    priority.as_str()
}

fn target_key(target: Target) -> &'static str {
    match target {
        Target::FirstResponse => "response",
        Target::Resolution => "resolution",
    }
}

#[component]
fn ServiceSettingsForm(opened: Opened<ServiceSettings>, customers: Rc<Vec<Customer>>) -> impl IntoView {
    let app = use_app();
    let customers = StoredValue::new_local(customers);
    let form = SettingForm::new(&service::SETTINGS, opened, draft, &WORDS);
    let SettingForm { draft: shown_draft, base, write, .. } = form;
    let problems =
        Memo::new(move |_| shown_draft.with(|d| base.with(|b| d.validate(&b.record).err().unwrap_or_default())));
    let shown = Shown::new(problems);
    let edit = move |change: &dyn Fn(&mut SettingsDraft)| form.edit(|d| change(d));
    let error_of = move |field: SettingsField, test_id: String| {
        let problem = shown.problem(field);
        move || {
            problem.get().map(|error| {
                view! {
                    <span class="field-error" role="alert" data-testid=format!("{test_id}-error")>
                        {problems::service_settings(app.tr(), field, error)}
                    </span>
                }
            })
        }
    };
    let input =
        move |field: SettingsField, test_id: String, label: String, mode: &'static str, get: Getter, set: Setter| {
            let problem = shown.problem(field);
            let error = error_of(field, test_id.clone());
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input
                        type="text"
                        inputmode=mode
                        data-testid=test_id
                        aria-invalid=invalid(problem)
                        prop:value=move || shown_draft.with(|d| get(d).unwrap_or_default())
                        on:input=move |e| {
                            let text = event_target_value(&e);
                            edit(&|d| set(d, text.clone()));
                        }
                        on:blur=move |_| shown.touch(field)
                    />
                    {error}
                </label>
            }
        };
    let remove_button = move |test_id: String, remove: Change| {
        view! {
            <button type="button" class="button secondary" data-testid=test_id on:click=move |_| edit(&*remove)>
                {move || app.tr().service_settings_remove()}
            </button>
        }
    };
    let add_button = move |test_id: &'static str, label: fn(Tr) -> &'static str, add: fn(&mut SettingsDraft)| {
        view! {
            <button type="button" class="button secondary" data-testid=test_id on:click=move |_| edit(&add)>
                {move || label(app.tr())}
            </button>
        }
    };

    let weekdays = move || {
        let tr = app.tr();
        let boxes = Weekday::ALL
            .iter()
            .map(|&day| {
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid=format!("service-day-{}", day.as_str())
                            prop:checked=move || shown_draft.with(|d| d.working_days.contains(&day))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                shown.touch(SettingsField::WorkingDays);
                                edit(&|d| {
                                    d.working_days.retain(|x| *x != day);
                                    if on {
                                        d.working_days.push(day);
                                    }
                                });
                            }
                        />
                        {labels::weekday(tr, day)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-days">
                <legend>{tr.service_settings_working_days()}</legend>
                <div class="checks">{boxes}</div>
                {error_of(SettingsField::WorkingDays, "service-days".into())}
            </fieldset>
        }
    };

    let period_count = Memo::new(move |_| shown_draft.with(|d| d.periods.len()));
    let periods = move || {
        let tr = app.tr();
        let rows = (0..period_count.get())
            .map(|i| {
                let end_input = |end: End, key: &str, label: &str| {
                    let get: Getter = Arc::new(move |d| {
                        d.periods.get(i).map(|p| if end == End::Start { p.start.clone() } else { p.end.clone() })
                    });
                    let set: Setter = Arc::new(move |d, v| {
                        if let Some(p) = d.periods.get_mut(i) {
                            *if end == End::Start { &mut p.start } else { &mut p.end } = v;
                        }
                    });
                    input(
                        SettingsField::Period(i, end),
                        format!("service-period-{i}-{key}"),
                        label.to_owned(),
                        "numeric",
                        get,
                        set,
                    )
                };
                view! {
                    <div class="filter-grid" data-testid=format!("service-period-{i}")>
                        {end_input(End::Start, "start", tr.service_settings_period_start())}
                        {end_input(End::End, "end", tr.service_settings_period_end())}
                        {remove_button(format!("service-period-{i}-remove"), Arc::new(move |d: &mut SettingsDraft| {
                            if i < d.periods.len() {
                                d.periods.remove(i);
                            }
                        }))}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-periods">
                <legend>{tr.service_settings_periods()}</legend>
                {rows}
                {error_of(SettingsField::Periods, "service-periods".into())}
                <div class="actions">
                    {add_button("service-period-add", Tr::service_settings_add_period, |d| d.periods.push(PeriodDraft::default()))}
                </div>
            </fieldset>
        }
    };

    let holiday_count = Memo::new(move |_| shown_draft.with(|d| d.holidays.len()));
    let holidays = move || {
        let tr = app.tr();
        let rows = (0..holiday_count.get())
            .map(|i| {
                let festivals = Festival::ALL
                    .iter()
                    .map(|&f| {
                        let selected = move || shown_draft.with(|d| d.holidays.get(i).map(|h| h.festival) == Some(f));
                        view! { <option value=f.as_str() prop:selected=selected>{labels::festival(tr, f)}</option> }
                    })
                    .collect_view();
                let pick = move |e: leptos::ev::Event| {
                    let Some(picked) = Festival::parse(&event_target_value(&e)) else { return };
                    edit(&|d| {
                        if let Some(h) = d.holidays.get_mut(i) {
                            h.festival = picked;
                        }
                    });
                };
                let first: Getter = Arc::new(move |d| d.holidays.get(i).map(|h| h.first.clone()));
                let set_first: Setter = Arc::new(move |d, v| {
                    if let Some(h) = d.holidays.get_mut(i) {
                        h.first = v;
                    }
                });
                let last: Getter = Arc::new(move |d| d.holidays.get(i).map(|h| h.last.clone()));
                let set_last: Setter = Arc::new(move |d, v| {
                    if let Some(h) = d.holidays.get_mut(i) {
                        h.last = v;
                    }
                });
                view! {
                    <div class="filter-grid" data-testid=format!("service-holiday-{i}")>
                        <label class="field">
                            <span>{tr.service_settings_festival()}</span>
                            <select data-testid=format!("service-holiday-{i}-festival") on:change=pick>{festivals}</select>
                        </label>
                        {input(SettingsField::HolidayFirst(i), format!("service-holiday-{i}-first"), tr.service_settings_first_day().to_owned(), "numeric", first, set_first)}
                        {input(SettingsField::HolidayLast(i), format!("service-holiday-{i}-last"), tr.service_settings_last_day().to_owned(), "numeric", last, set_last)}
                        {remove_button(format!("service-holiday-{i}-remove"), Arc::new(move |d: &mut SettingsDraft| {
                            if i < d.holidays.len() {
                                d.holidays.remove(i);
                            }
                        }))}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-holidays">
                <legend>{tr.service_settings_holidays()}</legend>
                {rows}
                <div class="actions">
                    {add_button("service-holiday-add", Tr::service_settings_add_holiday, |d| d.holidays.push(HolidayDraft::default()))}
                </div>
            </fieldset>
        }
    };

    let makeup_count = Memo::new(move |_| shown_draft.with(|d| d.makeup_days.len()));
    let makeup = move || {
        let tr = app.tr();
        let rows = (0..makeup_count.get())
            .map(|i| {
                let get: Getter = Arc::new(move |d| d.makeup_days.get(i).cloned());
                let set: Setter = Arc::new(move |d, v| {
                    if let Some(day) = d.makeup_days.get_mut(i) {
                        *day = v;
                    }
                });
                view! {
                    <div class="filter-grid" data-testid=format!("service-makeup-{i}")>
                        {input(SettingsField::Makeup(i), format!("service-makeup-{i}-date"), tr.service_settings_makeup_day().to_owned(), "numeric", get, set)}
                        {remove_button(format!("service-makeup-{i}-remove"), Arc::new(move |d: &mut SettingsDraft| {
                            if i < d.makeup_days.len() {
                                d.makeup_days.remove(i);
                            }
                        }))}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-makeups">
                <legend>{tr.service_settings_makeup_days()}</legend>
                {rows}
                <div class="actions">
                    {add_button("service-makeup-add", Tr::service_settings_add_makeup, |d| d.makeup_days.push(String::new()))}
                </div>
            </fieldset>
        }
    };

    // Both targets of a row: `targets` finds the row's texts in the draft.
    let target_inputs = move |key: String, field: Rc<dyn Fn(Target) -> SettingsField>, row_of: RowOf, row: usize| {
        let tr = app.tr();
        [Target::FirstResponse, Target::Resolution]
            .into_iter()
            .map(|target| {
                let pick = move |t: &TargetsDraft| {
                    if target == Target::FirstResponse {
                        t.first_response.clone()
                    } else {
                        t.resolution.clone()
                    }
                };
                let get: Getter = Arc::new(move |d| (row_of.0)(d, row).map(pick));
                let set: Setter = Arc::new(move |d, v| {
                    if let Some(t) = (row_of.1)(d, row) {
                        *if target == Target::FirstResponse { &mut t.first_response } else { &mut t.resolution } = v;
                    }
                });
                let label = match target {
                    Target::FirstResponse => tr.service_settings_first_response(),
                    Target::Resolution => tr.service_settings_resolution(),
                };
                input(field(target), format!("{key}-{}", target_key(target)), label.to_owned(), "decimal", get, set)
            })
            .collect_view()
    };

    let priority_targets = move || {
        let tr = app.tr();
        let rows = Priority::ALL
            .iter()
            .enumerate()
            .rev()
            .map(|(i, &priority)| {
                let key = format!("service-target-{}", priority_key(priority));
                let field: Rc<dyn Fn(Target) -> SettingsField> = Rc::new(move |t| SettingsField::Target(priority, t));
                let inputs = target_inputs(
                    key.clone(),
                    field,
                    (|d, row| d.targets.get(row), |d, row| d.targets.get_mut(row)),
                    i,
                );
                view! {
                    <div class="filter-grid" data-testid=key>
                        <strong>{labels::priority(tr, priority)}</strong>
                        {inputs}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-targets">
                <legend>{tr.service_settings_targets()}</legend>
                <p class="muted">{tr.service_settings_targets_hint()}</p>
                {rows}
            </fieldset>
        }
    };

    let contract_count = Memo::new(move |_| shown_draft.with(|d| d.contracts.len()));
    let contracts = move || {
        let tr = app.tr();
        let rows = (0..contract_count.get())
            .map(|i| {
                let options = customers.with_value(|list| {
                    list.iter()
                        .map(|c| {
                            let id = c.id;
                            let selected =
                                move || shown_draft.with(|d| d.contracts.get(i).and_then(|x| x.customer_id) == Some(id));
                            view! { <option value=id.to_string() prop:selected=selected>{c.company.clone()}</option> }
                        })
                        .collect_view()
                });
                let none_selected = move || shown_draft.with(|d| d.contracts.get(i).is_some_and(|x| x.customer_id.is_none()));
                let pick_customer = move |e: leptos::ev::Event| {
                    let picked = event_target_value(&e).parse::<Id>().ok();
                    shown.touch(SettingsField::Customer(i));
                    edit(&|d| {
                        if let Some(c) = d.contracts.get_mut(i) {
                            c.customer_id = picked;
                        }
                    });
                };
                let priorities = Priority::ALL
                    .iter()
                    .rev()
                    .map(|&p| {
                        let selected = move || shown_draft.with(|d| d.contracts.get(i).map(|x| x.priority) == Some(p));
                        view! { <option value=p.as_str() prop:selected=selected>{labels::priority(tr, p)}</option> }
                    })
                    .collect_view();
                let pick_priority = move |e: leptos::ev::Event| {
                    let Some(picked) = Priority::parse(&event_target_value(&e)) else { return };
                    edit(&|d| {
                        if let Some(c) = d.contracts.get_mut(i) {
                            c.priority = picked;
                        }
                    });
                };
                let customer_problem = shown.problem(SettingsField::Customer(i));
                let key = format!("service-contract-{i}");
                let field: Rc<dyn Fn(Target) -> SettingsField> = Rc::new(move |t| SettingsField::CustomerTarget(i, t));
                view! {
                    <div class="filter-grid" data-testid=key.clone()>
                        <label class="field">
                            <span>{tr.service_settings_customer()}</span>
                            <select data-testid=format!("{key}-customer") aria-invalid=invalid(customer_problem) on:change=pick_customer>
                                <option value="" prop:selected=none_selected>{tr.service_settings_choose_customer()}</option>
                                {options}
                            </select>
                            {error_of(SettingsField::Customer(i), format!("{key}-customer"))}
                        </label>
                        <label class="field">
                            <span>{tr.service_settings_priority()}</span>
                            <select data-testid=format!("{key}-priority") on:change=pick_priority>{priorities}</select>
                        </label>
                        {target_inputs(key.clone(), field, (|d, row| d.contracts.get(row).map(|c| &c.targets), |d, row| d.contracts.get_mut(row).map(|c| &mut c.targets)), i)}
                        {remove_button(format!("{key}-remove"), Arc::new(move |d: &mut SettingsDraft| {
                            if i < d.contracts.len() {
                                d.contracts.remove(i);
                            }
                        }))}
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="threshold-row" data-testid="service-contracts">
                <legend>{tr.service_settings_contracts()}</legend>
                <p class="muted">{tr.service_settings_contracts_hint()}</p>
                {rows}
                <div class="actions">
                    {add_button("service-contract-add", Tr::service_settings_add_contract, |d| d.contracts.push(ContractDraft::default()))}
                </div>
            </fieldset>
        }
    };

    let thresholds = move || {
        let tr = app.tr();
        let at_risk: Getter = Arc::new(|d| Some(d.at_risk_percent.clone()));
        let set_at_risk: Setter = Arc::new(|d, v| d.at_risk_percent = v);
        let visits: Getter = Arc::new(|d| Some(d.repeat_visits.clone()));
        let set_visits: Setter = Arc::new(|d, v| d.repeat_visits = v);
        view! {
            <div class="filter-grid">
                {input(SettingsField::AtRisk, "service-at-risk".into(), tr.service_settings_at_risk().to_owned(), "numeric", at_risk, set_at_risk)}
                {input(SettingsField::RepeatVisits, "service-repeat-visits".into(), tr.service_settings_repeat_visits().to_owned(), "numeric", visits, set_visits)}
            </div>
        }
    };

    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(settings) = shown_draft.with_untracked(|d| base.with_untracked(|b| d.validate(&b.record))) {
            write.start(settings);
        }
    };
    view! {
        {form.banners_and_dialog(move |tr, clashed, by| customers.with_value(|c| clash_rows(tr, c, clashed, by)))}
        <section class="card" data-testid="service-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().service_settings_title()}</h2>
            <p class="muted">{move || app.tr().service_settings_hint()}</p>
            {weekdays}
            {periods}
            {holidays}
            {makeup}
            {priority_targets}
            {contracts}
            {thresholds}
            <div class="actions">
                <button class="button" data-testid="service-settings-save" disabled=write.pending() on:click=save>
                    {move || app.tr().service_settings_save()}
                </button>
            </div>
            {form.outcome("service-settings-message")}
        </section>
    }
}
