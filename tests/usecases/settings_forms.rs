//! The settings forms' saves from the revision they opened (stock policy, funnel settings,
//! grading settings): another tab's change to other controls merges in, the same control clashes
//! with nothing written, each decision is stored as chosen, and a setting never stored is created.

use super::*;
use kehu::domain::funnel::settings::{FunnelSettings, STAGE_PERCENT};
use kehu::domain::merge::{Clash, Mergeable};
use kehu::domain::parts::policy_form::PolicyChoice;
use kehu::store::Revision;
use kehu::usecases::{Decision, Saved as FormSaved};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One settings form's save, run to its end.
type Save<T> = fn(&Recorder, &mut Context, &Revised<T>, &T) -> Result<FormSaved<T>, StoreError>;

/// A settings kind under test: its key and save, two edits of different controls, two different
/// edits of one control, and the clash those give.
struct Kind<T> {
    name: &'static str,
    key: &'static str,
    save: Save<T>,
    theirs: fn(&mut T),
    mine: fn(&mut T),
    theirs_clashing: fn(&mut T),
    mine_clashing: fn(&mut T),
    clash: Clash,
}

fn policy() -> Kind<PolicyChoice> {
    Kind {
        name: "stock policy",
        key: "parts.policy",
        save: |store, ctx, opened, mine| run(usecases::parts::save_policy(store, ctx, opened, mine)),
        theirs: |p| p.service_level = 0.9,
        mine: |p| p.dead_after_months = 6,
        theirs_clashing: |p| p.cover_days_min = 100,
        mine_clashing: |p| p.cover_days_min = 120,
        clash: Clash::field("cover_days_min"),
    }
}

fn funnel() -> Kind<FunnelSettings> {
    Kind {
        name: "funnel settings",
        key: "funnel",
        save: |store, ctx, opened, mine| run(usecases::opportunities::save_settings(store, ctx, opened, mine)),
        theirs: |f| f.forecast.stage_percent[0] = 15,
        mine: |f| f.forecast.stage_percent[2] = 60,
        theirs_clashing: |f| f.forecast.stage_percent[1] = 30,
        mine_clashing: |f| f.forecast.stage_percent[1] = 35,
        clash: Clash::item(STAGE_PERCENT, "qualify"),
    }
}

fn grading() -> Kind<GradingSettings> {
    Kind {
        name: "grading settings",
        key: "grading.settings",
        save: |store, ctx, opened, mine| {
            let saved = run(usecases::grades::save_settings(store, ctx, opened, mine, None, |_| Vec::new()));
            saved.map(|(saved, _)| saved)
        },
        theirs: |g| g.portfolio.d_share_alert_percent = 5.0,
        mine: |g| g.scoring.capacity_shift = 5.0,
        theirs_clashing: |g| g.scoring.thresholds.a = 80.0,
        mine_clashing: |g| g.scoring.thresholds.c = 30.0,
        clash: Clash::field("scoring.thresholds"),
    }
}

fn edited<T: Default>(edit: fn(&mut T)) -> T {
    let mut value = T::default();
    edit(&mut value);
    value
}

/// A store holding `key`'s defaults, and the setting as a form opens it.
fn opened_store<T: Serialize + DeserializeOwned + Default>(key: &str) -> (Recorder, Revised<T>) {
    let stored = Setting { key: key.into(), value: to_json(&T::default()).unwrap() };
    let store = Recorder::with(Batch::new().create(stored));
    let opened = run(usecases::settings::open(&store, key)).unwrap();
    (store, opened)
}

/// The setting `key` a write puts, with the base it names.
fn setting_put(batch: &Batch, key: &str) -> Option<(Setting, Base)> {
    batch.puts.iter().find_map(|put| match &put.record {
        AnyRecord::Setting(setting) if setting.key == key => Some((setting.clone(), put.base)),
        _ => None,
    })
}

/// Another tab saves `edit` over `opened`; the setting's revision after it.
fn other_tab_saves<T: Default>(store: &Recorder, kind: &Kind<T>, opened: &Revised<T>, edit: fn(&mut T)) -> Revision {
    let saved = (kind.save)(store, &mut context(Some(11), 50), opened, &edited(edit)).unwrap();
    assert!(matches!(saved, FormSaved::Stored { merged_with: None, .. }), "{}", kind.name);
    store.writes();
    run(usecases::get_revised::<Setting>(store, kind.key)).unwrap().unwrap().revision.unwrap()
}

fn disjoint_edits_both_stay<T>(kind: Kind<T>)
where
    T: Mergeable + Serialize + DeserializeOwned + Default + std::fmt::Debug,
{
    let (store, opened) = opened_store::<T>(kind.key);
    let theirs = other_tab_saves(&store, &kind, &opened, kind.theirs);
    let saved = (kind.save)(&store, &mut context(Some(USER), 60), &opened, &edited(kind.mine)).unwrap();
    let mut both = edited(kind.theirs);
    (kind.mine)(&mut both);
    assert_eq!(saved, FormSaved::Stored { record: both.clone(), merged_with: Some(theirs) }, "{}", kind.name);
    let writes = store.writes();
    let (_, base) = setting_put(&writes[0], kind.key).unwrap();
    assert_eq!(base, Base::At(theirs.rev), "{}: written over the stored revision", kind.name);
    assert_eq!(run(usecases::settings::open::<T>(&store, kind.key)).unwrap().record, both, "{}", kind.name);
}

fn one_control_clashes_and_each_decision_is_stored<T>(kind: Kind<T>)
where
    T: Mergeable + Serialize + DeserializeOwned + Default + std::fmt::Debug,
{
    for (decision, expected) in [(Decision::KeepStored, kind.theirs_clashing), (Decision::KeepMine, kind.mine_clashing)]
    {
        let (store, opened) = opened_store::<T>(kind.key);
        let theirs = other_tab_saves(&store, &kind, &opened, kind.theirs_clashing);
        let saved = (kind.save)(&store, &mut context(Some(USER), 60), &opened, &edited(kind.mine_clashing)).unwrap();
        let FormSaved::Clashed(clashed) = saved else { panic!("{}: expected a clash, got {saved:?}", kind.name) };
        assert_eq!(store.writes(), Vec::<Batch>::new(), "{}: nothing written", kind.name);
        assert_eq!(clashed.clashes, vec![kind.clash.clone()], "{}", kind.name);
        assert_eq!(clashed.stored, Revised { record: edited(kind.theirs_clashing), revision: Some(theirs) });
        let resolved = clashed.resolve(std::slice::from_ref(&decision));
        let saved = (kind.save)(&store, &mut context(Some(USER), 70), &clashed.stored, &resolved).unwrap();
        assert!(matches!(saved, FormSaved::Stored { merged_with: None, .. }), "{}: {decision:?}", kind.name);
        let stored = run(usecases::settings::open::<T>(&store, kind.key)).unwrap().record;
        assert_eq!(stored, edited(expected), "{}: {decision:?}", kind.name);
    }
}

fn a_setting_never_stored_is_created<T>(kind: Kind<T>)
where
    T: Mergeable + Serialize + DeserializeOwned + Default + std::fmt::Debug,
{
    let store = Recorder::default();
    let opened = run(usecases::settings::open::<T>(&store, kind.key)).unwrap();
    assert_eq!(opened, Revised { record: T::default(), revision: None }, "{}", kind.name);
    let mine = edited(kind.mine);
    let saved = (kind.save)(&store, &mut context(Some(USER), 60), &opened, &mine).unwrap();
    assert_eq!(saved, FormSaved::Stored { record: mine.clone(), merged_with: None }, "{}", kind.name);
    let writes = store.writes();
    let expected = Setting { key: kind.key.into(), value: to_json(&mine).unwrap() };
    assert_eq!(setting_put(&writes[0], kind.key), Some((expected, Base::New)), "{}", kind.name);
}

#[test]
fn another_tabs_change_to_other_controls_is_merged_in() {
    disjoint_edits_both_stay(policy());
    disjoint_edits_both_stay(funnel());
    disjoint_edits_both_stay(grading());
}

#[test]
fn the_same_control_changed_in_two_tabs_clashes_and_each_decision_is_stored_as_chosen() {
    one_control_clashes_and_each_decision_is_stored(policy());
    one_control_clashes_and_each_decision_is_stored(funnel());
    one_control_clashes_and_each_decision_is_stored(grading());
}

#[test]
fn a_setting_never_stored_is_created_from_the_defaults() {
    a_setting_never_stored_is_created(policy());
    a_setting_never_stored_is_created(funnel());
    a_setting_never_stored_is_created(grading());
}

#[test]
fn a_write_landing_between_the_read_and_the_save_is_merged_on_the_retry() {
    let (store, opened) = opened_store::<PolicyChoice>("parts.policy");
    let theirs = PolicyChoice { service_level: 0.9, ..PolicyChoice::default() };
    let interloper = Setting { key: "parts.policy".into(), value: to_json(&theirs).unwrap() };
    let store = store.interloped(Batch::new().put(interloper));
    let mine = PolicyChoice { dead_after_months: 6, ..PolicyChoice::default() };
    let saved = run(usecases::parts::save_policy(&store, &mut context(Some(USER), 60), &opened, &mine)).unwrap();
    let both = PolicyChoice { service_level: 0.9, dead_after_months: 6, ..PolicyChoice::default() };
    assert!(matches!(saved, FormSaved::Stored { ref record, merged_with: Some(_) } if *record == both), "{saved:?}");
    assert_eq!(run(usecases::parts::policy(&store)), Ok(both));
}
