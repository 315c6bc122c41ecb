//! Settings → Market view: the target share every market is judged against (25 % by default),
//! the rule of three and four's ratios and the brands the dealer sells; validated field by field,
//! and judging the market page at once once saved. Saved from the revision the form opened:
//! another window's change to other numbers merges in, one to the same number asks which to keep;
//! brands added in two windows are both kept.

use crate::domain::market::settings::{
    draft, MarketSettingField, MarketSettingProblem, MarketSettings, MarketSettingsDraft, MAX_OWN_BRANDS,
};
use crate::i18n::{args, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{market, use_app, Clashed};
use crate::ui::fields::Shown;
use crate::ui::kit::{ClashRow, Made, SettingForm, SettingLoader, SettingWords, TextInput, TextKind};
use crate::ui::problems;
use leptos::prelude::*;

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.mkt_settings_saved(),
    failed: |tr, error| tr.mkt_settings_failed(args::MktSettingsFailed { error }),
};

/// One field of the form: what it edits, its test id, its label, and its text in the draft.
struct Field {
    field: MarketSettingField,
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    /// The name the merge gives the stored field.
    stored: &'static str,
    kind: TextKind,
    text: fn(&MarketSettingsDraft) -> &String,
    text_mut: fn(&mut MarketSettingsDraft) -> &mut String,
}

const FIELDS: [Field; 6] = [
    Field {
        field: MarketSettingField::TargetShare,
        test_id: "market-target-share",
        label: |tr| tr.mkt_settings_target(),
        stored: "target_share",
        kind: TextKind::Decimal,
        text: |d| &d.target_share,
        text_mut: |d| &mut d.target_share,
    },
    Field {
        field: MarketSettingField::StableLeaderToThird,
        test_id: "market-stable-ratio",
        label: |tr| tr.mkt_settings_stable(),
        stored: "stable_leader_to_third",
        kind: TextKind::Decimal,
        text: |d| &d.stable_leader_to_third,
        text_mut: |d| &mut d.stable_leader_to_third,
    },
    Field {
        field: MarketSettingField::EquilibriumRatio,
        test_id: "market-equilibrium-ratio",
        label: |tr| tr.mkt_settings_equilibrium(),
        stored: "equilibrium_ratio",
        kind: TextKind::Decimal,
        text: |d| &d.equilibrium_ratio,
        text_mut: |d| &mut d.equilibrium_ratio,
    },
    Field {
        field: MarketSettingField::EquilibriumTolerance,
        test_id: "market-equilibrium-tolerance",
        label: |tr| tr.mkt_settings_tolerance(),
        stored: "equilibrium_tolerance",
        kind: TextKind::Decimal,
        text: |d| &d.equilibrium_tolerance,
        text_mut: |d| &mut d.equilibrium_tolerance,
    },
    Field {
        field: MarketSettingField::ViableOfLeader,
        test_id: "market-viable-share",
        label: |tr| tr.mkt_settings_viable(),
        stored: "viable_of_leader",
        kind: TextKind::Decimal,
        text: |d| &d.viable_of_leader,
        text_mut: |d| &mut d.viable_of_leader,
    },
    Field {
        field: MarketSettingField::OwnBrands,
        test_id: "market-own-brands",
        label: |tr| tr.mkt_settings_own_brands(),
        stored: "own_brands",
        kind: TextKind::Text,
        text: |d| &d.own_brands,
        text_mut: |d| &mut d.own_brands,
    },
];

fn problem_text(tr: Tr, problem: MarketSettingProblem) -> String {
    match problem {
        MarketSettingProblem::NotANumber => tr.mkt_settings_not_a_number().to_owned(),
        MarketSettingProblem::ShareOutOfRange => tr.mkt_settings_share_range().to_owned(),
        MarketSettingProblem::RatioBelowOne => tr.mkt_settings_ratio_below_one().to_owned(),
        MarketSettingProblem::Brand(error) => problems::form(tr, error),
        MarketSettingProblem::TooManyBrands => {
            tr.mkt_settings_too_many_brands(args::MktSettingsTooManyBrands { max: MAX_OWN_BRANDS })
        }
    }
}

#[component]
pub fn MarketViewSettings() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || market::SETTINGS.open_form(app) failed=WORDS.failed let:opened>
            <MarketViewForm opened />
        </SettingLoader>
    }
}

/// A clash on a stored field in words: its label, the stored value and mine as the form shows them.
fn clash_rows(tr: Tr, clashed: &Clashed<MarketSettings>, by: Made) -> Vec<ClashRow> {
    let (stored, mine) = (draft(&clashed.stored.record), draft(&clashed.mine));
    clashed
        .clashes
        .iter()
        .map(|clash| match FIELDS.iter().find(|f| f.stored == clash.field) {
            Some(f) => ClashRow {
                name: (f.label)(tr).to_owned(),
                stored: (f.text)(&stored).clone(),
                mine: (f.text)(&mine).clone(),
                by: by.clone(),
                typed: None,
            },
            None => ClashRow {
                name: clash.field.to_owned(),
                stored: String::new(),
                mine: String::new(),
                by: by.clone(),
                typed: None,
            },
        })
        .collect()
}

#[component]
fn MarketViewForm(opened: Opened<MarketSettings>) -> impl IntoView {
    let app = use_app();
    let form = SettingForm::new(&market::SETTINGS, opened, draft, &WORDS);
    let SettingForm { draft: shown_draft, write, .. } = form;
    let problems = Memo::new(move |_| shown_draft.with(|d| d.validate().err().unwrap_or_default()));
    let shown = Shown::new(problems);
    let fields = FIELDS
        .iter()
        .map(|f| {
            let (field, kind, text, text_mut) = (f.field, f.kind, f.text, f.text_mut);
            view! {
                <TextInput
                    test_id=f.test_id
                    label=f.label
                    kind
                    value=Signal::derive(move || shown_draft.with(|d| text(d).clone()))
                    input=Callback::new(move |typed: String| form.edit(|d| *text_mut(d) = typed))
                    error=shown.problem_text(field, problem_text)
                    leave=Callback::new(move |()| shown.touch(field))
                    no_autofill=true
                />
            }
        })
        .collect_view();
    let save = move |_| {
        shown.submitted.set(true);
        if let Ok(settings) = shown_draft.with_untracked(MarketSettingsDraft::validate) {
            write.start(settings);
        }
    };
    view! {
        {form.banners_and_dialog(clash_rows)}
        <section class="card" data-testid="market-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().mkt_settings_title()}</h2>
            <p class="muted">{move || app.tr().mkt_settings_hint()}</p>
            <div class="filter-grid">{fields}</div>
            <div class="actions">
                <button class="button" data-testid="market-settings-save" disabled=write.pending() on:click=save>
                    {move || app.tr().mkt_settings_save()}
                </button>
            </div>
            {form.outcome("market-settings-message")}
        </section>
    }
}
