//! The funnel's part of Settings: configured stage percentages, the gate criteria of each stage
//! (built-in ones removed, the user's own added), the recommended strategy text of each MAN
//! combination (empty: the default text), and the company's monthly quotas.

use super::funnel::{criterion_name, default_strategy};
use crate::domain::date::Month;
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::quota::Period;
use crate::domain::funnel::settings::FunnelSettings;
use crate::domain::funnel::stage::OPEN_STAGES;
use crate::domain::money::{amount_text, parse_cny, Cny};
use crate::state::opportunities;
use crate::state::use_app;
use crate::ui::labels;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Months ahead whose quota the section edits (this month first).
const QUOTA_MONTHS: i32 = 6;

#[component]
pub fn FunnelSettingsSection() -> impl IntoView {
    let app = use_app();
    let book = LocalResource::new(move || {
        app.db.track();
        app.revision.track();
        opportunities::book(app)
    });
    view! {
        <section class="card" data-testid="funnel-settings">
            <h2>{move || app.tr().funnel_settings_title()}</h2>
            {move || book.get().and_then(Result::ok).map(|b| {
                let today = b.today;
                view! { <Editor settings=b.settings.clone() this_month=today.month_of() /> }
            })}
        </section>
    }
}

#[component]
fn Editor(settings: FunnelSettings, this_month: Month) -> impl IntoView {
    let app = use_app();
    let settings = RwSignal::new(settings);
    let saved = RwSignal::new(false);
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
                    <h4>{move || app.tr().gate_checklist_title(labels::funnel_stage(app.tr(), stage))}</h4>
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
                    <span>{move || app.tr().forecast_month_label(month.year() % 100, month.month())}</span>
                    <input type="text" inputmode="decimal" data-testid=format!("quota-{ahead}")
                        prop:value=move || settings.with(|s| s.company_quota(period).map(amount_text).unwrap_or_default())
                        on:change=move |e| {
                            let amount = parse_cny(&event_target_value(&e)).unwrap_or(Cny::ZERO);
                            edit(Box::new(move |s| s.set_quota(None, period, amount)));
                        } />
                </label>
            }
        })
        .collect_view();
    let save = move |_| {
        let current = settings.get_untracked();
        spawn_local(async move {
            match opportunities::save_settings(app, &current).await {
                Ok(()) => saved.set(true),
                Err(error) => app.report(error),
            }
        });
    };
    view! {
        <h3>{move || app.tr().funnel_settings_percent()}</h3>
        <div class="filter-grid">{percents}</div>
        <h3>{move || app.tr().funnel_settings_gates()}</h3>
        {gates}
        <h3>{move || app.tr().funnel_settings_strategies()}</h3>
        <div class="filter-grid">{strategies}</div>
        <h3>{move || app.tr().funnel_settings_quotas()}</h3>
        <div class="filter-grid">{quotas}</div>
        <div class="actions">
            <button class="button" data-testid="save-funnel-settings" on:click=save>{move || app.tr().opportunity_save()}</button>
            <Show when=move || saved.get()>
                <span class="muted" role="status">{move || app.tr().opportunity_saved()}</span>
            </Show>
        </div>
    }
}
