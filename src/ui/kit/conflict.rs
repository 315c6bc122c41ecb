//! A synced record two devices changed at once (`state::sync`): the banner a page shows over each
//! of its records with a conflict, and the dialog that settles one — the clash dialog of a form's
//! save when the page words the fields both versions changed, else a choice between the two
//! versions; a deletion against an edit is always that choice.

use super::clash::{ClashDialog, ClashRow, Made};
use super::write::Write;
use crate::domain::model::Id;
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::sync::{self, use_sync, Case, Choice, Outcome, ReplicaError, Settled, SyncError, Version};
use crate::state::{use_app, Decision, Entity, Key};
use crate::ui::errors::error_text;
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// A page's words for the fields both versions changed: the dialog's rows, each with the
/// indexes of the clashes it decides; `None` when the page does not word this record's fields.
pub type Wording = Rc<dyn Fn(Tr, &Case) -> Option<Vec<(ClashRow, Vec<usize>)>>>;

/// A form's clash rows as a conflict's: each row decides the clash it words.
pub fn one_per_clash(rows: Vec<ClashRow>) -> Vec<(ClashRow, Vec<usize>)> {
    rows.into_iter().enumerate().map(|(i, row)| (row, vec![i])).collect()
}

/// Who made `version` (named by `name`) and when — the date too: the devices may have been
/// apart for days.
pub fn made(tr: Tr, version: &Version, name: impl Fn(Id) -> String) -> Made {
    let user = version.by.map_or_else(|| tr.history_nobody().to_owned(), name);
    let moment = format::local_time(version.at_ms);
    Made { user, time: format!("{} {}", format::date(tr, moment.date), moment.clock) }
}

/// A record named for the user: its kind, and what the user calls it (else its key).
pub fn record_name(tr: Tr, entity: Entity, key: &Key, title: Option<&String>) -> String {
    let key = match (title, key) {
        (Some(title), _) => title.clone(),
        (None, Key::Id(id)) => id.to_string(),
        (None, Key::Text(text)) => text.clone(),
    };
    tr.sync_record(args::SyncRecord { kind: labels::entity_label(tr, entity), key })
}

/// One banner per record of `records` that has a conflict, each opening the dialog that settles
/// it, worded by `wording`.
#[component]
pub fn ConflictBanners(#[prop(into)] records: Signal<Vec<(Entity, Key)>>, wording: Wording) -> impl IntoView {
    let app = use_app();
    let sync = use_sync();
    let wording = StoredValue::new_local(wording);
    let here = Memo::new(move |_| {
        let records = records.get();
        sync.conflicts.with(|c| {
            c.iter().map(|c| (c.entity, c.key.clone())).filter(|record| records.contains(record)).collect::<Vec<_>>()
        })
    });
    let names = LocalResource::new(move || {
        let records = here.get();
        async move { records.clone().into_iter().zip(sync::named(app, records).await).collect::<Vec<_>>() }
    });
    let open = RwSignal::new(None::<(Entity, Key)>);
    let banner = move |(entity, key): (Entity, Key)| {
        let record = (entity, key.clone());
        let name = move || {
            let titles = names.get().unwrap_or_default();
            let title = titles.iter().find(|(r, _)| *r == record).and_then(|(_, named)| named.title.clone());
            record_name(app.tr(), record.0, &record.1, title.as_ref())
        };
        let record = (entity, key);
        view! {
            <div class="banner warning" role="status" data-testid="sync-conflict">
                <p>{move || app.tr().sync_conflict_banner(args::SyncConflictBanner { record: name() })}</p>
                <button type="button" class="button" data-testid="sync-resolve" on:click=move |_| open.set(Some(record.clone()))>
                    {move || app.tr().sync_resolve()}
                </button>
            </div>
        }
    };
    view! {
        <For each=move || here.get() key=|record| record.clone() children=banner />
        {move || {
            open.get().map(|record| {
                let wording = wording.get_value();
                view! { <Resolver record wording=Some(wording) on_close=Callback::new(move |()| open.set(None)) /> }
            })
        }}
    }
}

/// What opening a conflict found, with the people who made its versions.
type Opened = Result<Option<(Rc<Case>, Rc<HashMap<Id, String>>)>, SyncError>;

/// The dialog that settles the conflict on `record`: field by field where `wording` words the
/// fields, else a choice between the versions. Closes through `on_close`, also once settled.
#[component]
pub fn Resolver(record: (Entity, Key), wording: Option<Wording>, on_close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let opened = LocalResource::new(move || {
        let record = record.clone();
        async move {
            let case = sync::open_conflict(record).await?;
            let people = sync::people(app).await;
            Ok(case.map(|case| (Rc::new(case), Rc::new(people)))) as Opened
        }
    });
    let settling = Write::new(move |(case, choice): (Rc<Case>, Choice)| async move {
        match sync::settle_conflict(app, (*case).clone(), choice).await {
            Ok(settled) => Ok(Ok(settled)),
            Err(SyncError::Store(error)) => Err(error),
            Err(SyncError::Replica(error)) => Ok(Err(error)),
        }
    });
    let outcome = settling.outcome();
    Effect::new(move |_| {
        if let Some(Ok(Ok(Settled::Done))) = outcome.get() {
            on_close.run(());
        }
    });
    let problem = move || {
        let tr = app.tr();
        match outcome.get()? {
            Ok(Ok(Settled::Done)) => None,
            Ok(Ok(Settled::ChangedHere)) => Some(tr.sync_conflict_changed_here().to_owned()),
            Ok(Err(error)) => {
                Some(tr.sync_status_failed(args::SyncStatusFailed { status: error.status, reason: &error.reason }))
            }
            Err(error) => Some(error_text(tr, &error)),
        }
    };
    let wording = StoredValue::new_local(wording);
    let body = move || {
        let tr = app.tr();
        match opened.get() {
            None => view! { <p class="muted">{tr.loading()}</p> }.into_any(),
            Some(Err(SyncError::Store(error))) => {
                view! { <p class="error-text" role="alert">{error_text(tr, &error)}</p> }.into_any()
            }
            Some(Err(SyncError::Replica(error))) => view! {
                <p class="error-text" role="alert">
                    {tr.sync_status_failed(args::SyncStatusFailed { status: error.status, reason: &error.reason })}
                </p>
            }
            .into_any(),
            Some(Ok(None)) => view! { <p data-testid="sync-conflict-gone">{tr.sync_conflict_gone()}</p> }.into_any(),
            Some(Ok(Some((case, people)))) => {
                let rows = wording.get_value().and_then(|words| words(tr, &case)).filter(|rows| !rows.is_empty());
                match (&case.outcome, rows) {
                    (Outcome::Clashes { clashes, .. }, Some(rows)) => {
                        fields(case.clone(), people, rows, clashes.len(), settling, on_close).into_any()
                    }
                    _ => versions(case, people, settling, on_close).into_any(),
                }
            }
        }
    };
    view! {
        <div data-testid="sync-resolver">
            {body}
            <p class="error-text" role="alert" data-testid="sync-resolve-problem" hidden=move || problem().is_none()>
                {problem}
            </p>
        </div>
    }
}

type Settling = Write<(Rc<Case>, Choice), Result<Settled, ReplicaError>>;

/// The clash dialog over the fields both versions changed: "stored" is the version this device
/// holds, "mine" the other device's. A clash no row words (nor the field it derives from)
/// follows the first row's side.
fn fields(
    case: Rc<Case>,
    people: Rc<HashMap<Id, String>>,
    rows: Vec<(ClashRow, Vec<usize>)>,
    clash_count: usize,
    settling: Settling,
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let decides: Vec<Vec<usize>> = rows.iter().map(|(_, decides)| decides.clone()).collect();
    let shown: Vec<ClashRow> = rows.into_iter().map(|(row, _)| row).collect();
    let (winner, other) = {
        let tr = app.tr();
        (made(tr, &case.winner, named(tr, &people)), made(tr, &case.other, named(tr, &people)))
    };
    let intro = {
        let (winner, other, more) = (winner.clone(), other.clone(), case.more);
        Signal::derive_local(move || {
            let tr = app.tr();
            let intro = tr.sync_conflict_intro(args::SyncConflictIntro {
                user: &winner.user,
                time: &winner.time,
                other: &other.user,
                other_time: &other.time,
            });
            with_more(tr, intro, more)
        })
    };
    let theirs = Signal::derive_local(move || {
        app.tr().sync_conflict_other(args::SyncConflictOther { user: &other.user, time: &other.time })
    });
    let on_decide = {
        let case = StoredValue::new_local(case.clone());
        Callback::new(move |decisions: Vec<Decision>| {
            let side = match decisions.first() {
                Some(Decision::KeepStored) | None => Decision::KeepStored,
                Some(_) => Decision::KeepMine,
            };
            let mut per_clash = vec![side; clash_count];
            for (decision, decides) in decisions.into_iter().zip(&decides) {
                for &clash in decides {
                    per_clash[clash] = decision.clone();
                }
            }
            settling.start((case.get_value(), Choice::Fields(per_clash)));
        })
    };
    let pending = settling.pending();
    view! {
        <ClashDialog
            rows=Signal::derive_local(move || shown.clone())
            intro
            pending=Signal::derive(move || pending.get())
            on_decide
            on_cancel=on_close
            title=Signal::derive_local(move || app.tr().sync_conflict_title().to_owned())
            theirs
        />
    }
}

/// Names a person by `people`, else by id.
fn named(tr: Tr, people: &HashMap<Id, String>) -> impl Fn(Id) -> String + '_ {
    move |id| people.get(&id).cloned().unwrap_or_else(|| tr.unknown_user(args::UnknownUser { id }))
}

fn with_more(tr: Tr, intro: String, more: usize) -> String {
    if more == 0 {
        return intro;
    }
    format!("{intro} {}", tr.sync_conflict_more(args::SyncConflictMore { count: format_int(more as i64) }))
}

/// A choice between the two versions: a deletion against an edit, a kind kept whole, fields
/// the page does not word (changes to other fields are kept from both), or nothing to decide.
fn versions(
    case: Rc<Case>,
    people: Rc<HashMap<Id, String>>,
    settling: Settling,
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let pending = settling.pending();
    let tr = app.tr();
    let (winner, other) = (made(tr, &case.winner, named(tr, &people)), made(tr, &case.other, named(tr, &people)));
    let clashes = match &case.outcome {
        Outcome::Clashes { clashes, .. } => clashes.len(),
        _ => 0,
    };
    let (keep_winner, keep_other) = if clashes > 0 {
        (Choice::Fields(vec![Decision::KeepStored; clashes]), Choice::Fields(vec![Decision::KeepMine; clashes]))
    } else {
        (Choice::Winner, Choice::Other)
    };
    let (intro, winner_label, other_label) = match &case.outcome {
        Outcome::Same | Outcome::Merged(_) => (tr.sync_conflict_clean().to_owned(), None, None),
        Outcome::Deletion => (
            tr.sync_conflict_deletion(args::SyncConflictDeletion {
                user: &winner.user,
                time: &winner.time,
                other: &other.user,
                other_time: &other.time,
            }),
            Some(tr.sync_conflict_keep_record().to_owned()),
            Some(tr.sync_conflict_delete().to_owned()),
        ),
        Outcome::Clashes { .. } | Outcome::Whole => (
            if clashes > 0 {
                tr.sync_conflict_same_fields(args::SyncConflictSameFields {
                    user: &winner.user,
                    time: &winner.time,
                    other: &other.user,
                    other_time: &other.time,
                })
            } else {
                tr.sync_conflict_versions(args::SyncConflictVersions {
                    user: &winner.user,
                    time: &winner.time,
                    other: &other.user,
                    other_time: &other.time,
                })
            },
            Some(tr.sync_conflict_keep_this(args::SyncConflictKeepThis { user: &winner.user, time: &winner.time })),
            Some(tr.sync_conflict_keep_other(args::SyncConflictKeepOther { user: &other.user, time: &other.time })),
        ),
    };
    let intro = with_more(tr, intro, case.more);
    let choose = move |choice: Choice| {
        let case = case.clone();
        move |_| settling.start((case.clone(), choice.clone()))
    };
    let buttons = match (winner_label, other_label) {
        (Some(winner_label), Some(other_label)) => view! {
            <button type="button" class="button" data-testid="sync-keep-winner" disabled=move || pending.get() on:click=choose(keep_winner)>
                {winner_label}
            </button>
            <button type="button" class="button" data-testid="sync-keep-other" disabled=move || pending.get() on:click=choose(keep_other)>
                {other_label}
            </button>
        }
        .into_any(),
        _ => view! {
            <button type="button" class="button" data-testid="sync-keep-both" disabled=move || pending.get() on:click=choose(Choice::Clean)>
                {tr.sync_conflict_keep_both()}
            </button>
        }
        .into_any(),
    };
    view! {
        <div class="clash-dialog card" role="dialog" aria-modal="true" aria-labelledby="sync-conflict-title" data-testid="sync-versions">
            <h2 id="sync-conflict-title">{move || app.tr().sync_conflict_title()}</h2>
            <p>{intro}</p>
            <div class="actions">
                {buttons}
                <button type="button" class="button secondary" data-testid="sync-resolve-cancel" on:click=move |_| on_close.run(())>
                    {move || app.tr().cancel()}
                </button>
            </div>
        </div>
    }
}
