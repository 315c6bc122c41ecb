//! A stored setting's form (the cockpit's thresholds, the service desk's settings, the
//! maintenance programmes, the market types, the market view's target), the same way for each:
//! read once a workspace is open; the draft shown and the revision the next save starts from;
//! the save, merged with a change made meanwhile or its clash asked in the dialog, the draft kept
//! for the tab when it could not be made; a change saved elsewhere named in a banner, or taken in
//! while the form is untouched. Each form draws its own fields and words its own clashing fields.

use super::{record_clash, ChangedElsewhere, ClashRow, DraftKept, Made, Write};
use crate::domain::merge::Mergeable;
use crate::domain::model::User;
use crate::i18n::{args, Tr};
use crate::state::stored_setting::{Opened, StoredSetting};
use crate::state::{browser, use_app, users, Clashed, Decision, Revised, Revision, Saved, StoreError};
use crate::ui::errors::error_text;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::rc::Rc;

/// Reads what a setting's form needs once a workspace is open, and again when another one is:
/// nothing until then, the failure worded by `failed`, then `children` of what was read.
#[component]
pub fn SettingLoader<T, Fut, L, V, F>(
    /// The read.
    load: L,
    /// A failed read in words, given the failure's own words.
    failed: fn(Tr, String) -> String,
    /// Draws the form once read.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    Fut: Future<Output = Result<T, StoreError>> + 'static,
    L: Fn() -> Fut + Copy + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let app = use_app();
    let stored = LocalResource::new(move || {
        let read = app.workspace_open().then(load);
        async move {
            match read {
                Some(read) => Some(read.await),
                None => None,
            }
        }
    });
    move || match stored.get().flatten()? {
        Err(error) => Some(
            view! { <p class="error-text" role="alert">{failed(app.tr(), error_text(app.tr(), &error))}</p> }
                .into_any(),
        ),
        Ok(loaded) => Some(children(loaded).into_any()),
    }
}

/// How a setting's form words a save's outcome.
pub struct SettingWords {
    pub saved: fn(Tr) -> &'static str,
    /// Given the failure's own words.
    pub failed: fn(Tr, String) -> String,
}

/// The setting as stored now with the people who may have stored it, read again on every write
/// (another tab's too).
type Current<T> = LocalResource<(Option<Revised<T>>, Rc<Vec<User>>)>;

/// The state of a setting's form with its draft `D` (the text the user types) of setting `T`.
/// `Copy`, so every handler and view holds it.
pub struct SettingForm<T: 'static, D: 'static> {
    /// The draft shown.
    pub draft: RwSignal<D>,
    /// Whether the draft shown was kept from a save that could not be made.
    pub kept: RwSignal<bool>,
    /// What the next save starts from: as opened, then as stored after each save, a clash the
    /// user settled, or a change made elsewhere while the form was untouched.
    pub base: RwSignal<Revised<T>>,
    /// A save's clash waiting for the user's decisions.
    pub clash: RwSignal<Option<Rc<Clashed<T>>>, LocalStorage>,
    /// The last save's outcome in words: stored (`true`) or failed.
    pub message: RwSignal<Option<(bool, String)>>,
    pub write: Write<T>,
    current: Current<T>,
    setting: &'static StoredSetting<T>,
    to_draft: fn(&T) -> D,
}

impl<T, D> Clone for SettingForm<T, D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, D> Copy for SettingForm<T, D> {}

impl<T, D> SettingForm<T, D>
where
    T: Mergeable + Serialize + DeserializeOwned + Default + Clone + Send + Sync + 'static,
    D: PartialEq + Send + Sync + 'static,
{
    /// The form of `setting` as `opened`, its draft made by `to_draft`.
    pub fn new(
        setting: &'static StoredSetting<T>,
        opened: Opened<T>,
        to_draft: fn(&T) -> D,
        words: &'static SettingWords,
    ) -> Self {
        let app = use_app();
        let draft = RwSignal::new(to_draft(&opened.shown));
        let kept = RwSignal::new(opened.kept);
        let base = RwSignal::new(opened.opened);
        let clash = RwSignal::new_local(None::<Rc<Clashed<T>>>);
        let message = RwSignal::new(None::<(bool, String)>);
        let write = Write::new(move |mine: T| async move {
            let tr = app.tr_untracked();
            let opened = base.get_untracked();
            match setting.save(app, &opened, &mine).await {
                Ok(Saved::Stored { .. }) => {
                    setting.discard(app);
                    kept.set(false);
                    let stored = setting.opened(app).await?;
                    draft.set(to_draft(&stored.record));
                    base.set(stored);
                    message.set(Some((true, (words.saved)(tr).to_owned())));
                    Ok(())
                }
                Ok(Saved::Clashed(clashed)) => {
                    setting.keep(app, &opened, &mine);
                    clash.set(Some(Rc::from(clashed)));
                    Ok(())
                }
                Err(error) => {
                    setting.keep(app, &opened, &mine);
                    message.set(Some((false, (words.failed)(tr, error_text(tr, &error)))));
                    Err(error)
                }
            }
        });
        let current = app.watch(move || async move {
            let stored = setting.opened(app).await.ok();
            (stored, Rc::new(users::list(app).await.unwrap_or_default()))
        });
        let form = SettingForm { draft, kept, base, clash, message, write, current, setting, to_draft };
        // A change stored elsewhere is taken in while the form shows the stored setting as is.
        Effect::new(move |_| {
            let Some((Some(now), _)) = current.get() else { return };
            let untouched = base.with_untracked(|b| draft.with_untracked(|d| *d == to_draft(&b.record)));
            if untouched && !kept.get_untracked() && clash.with_untracked(Option::is_none) {
                draft.set(to_draft(&now.record));
                base.set(now);
            }
        });
        form
    }

    /// Who made `revision` and when, naming its author among the workspace's people.
    pub fn made_by(self, tr: Tr, revision: Option<Revision>) -> Made {
        let people = self.current.get().map(|(_, people)| people).unwrap_or_default();
        Made::of(tr, revision, |id| people.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default())
    }

    /// Changes the draft as the user types; the last save's outcome goes.
    pub fn edit(self, change: impl FnOnce(&mut D)) {
        self.message.set(None);
        self.draft.update(change);
    }

    /// The banners of a change made elsewhere and of a kept draft, and the clash dialog, whose
    /// rows `rows` words given the stored value's author.
    pub fn banners_and_dialog(
        self,
        rows: impl Fn(Tr, &Clashed<T>, Made) -> Vec<ClashRow> + Copy + Send + Sync + 'static,
    ) -> impl IntoView {
        let app = use_app();
        let changed_elsewhere = Signal::derive_local(move || {
            let (now, _) = self.current.get()?;
            let revision = now?.revision.filter(|r| !browser::drawn_here(r.rev.tag))?;
            self.base.with(|b| b.revision != Some(revision)).then(|| {
                let tr = app.tr();
                let Made { user, time } = self.made_by(tr, Some(revision));
                tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
            })
        });
        let discard = Callback::new(move |()| {
            self.setting.discard(app);
            self.kept.set(false);
            if let Some((Some(stored), _)) = self.current.get_untracked() {
                self.base.set(stored);
            }
            self.draft.set(self.base.with_untracked(|b| (self.to_draft)(&b.record)));
        });
        let decide = Callback::new(move |decisions: Vec<Decision>| {
            let Some(clashed) = self.clash.get_untracked() else { return };
            let resolved = clashed.resolve(&decisions);
            self.base.set(clashed.stored.clone());
            self.draft.set((self.to_draft)(&resolved));
            self.clash.set(None);
            self.write.start(resolved);
        });
        let dialog = record_clash(
            self.clash,
            move |tr, clashed| rows(tr, clashed, self.made_by(tr, clashed.stored.revision)),
            move |tr, revision| self.made_by(tr, revision),
            self.write.pending().into(),
            decide,
        );
        view! {
            <ChangedElsewhere message=changed_elsewhere />
            <DraftKept kept=self.kept on_discard=discard />
            {dialog}
        }
    }

    /// Whether the clash dialog is open, which makes the form inert.
    pub fn clashing(self) -> bool {
        self.clash.with(Option::is_some)
    }

    /// The last save's outcome, marked `test_id`.
    pub fn outcome(self, test_id: &'static str) -> impl IntoView {
        move || {
            self.message.get().map(|(ok, text)| {
                view! {
                    <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid=test_id>
                        {text}
                    </p>
                }
            })
        }
    }
}
