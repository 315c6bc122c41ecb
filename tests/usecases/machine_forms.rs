//! The machine form saved from the revision it opened: a change made since in other fields is
//! merged, one in the same fields comes back to decide with nothing written, each decision is
//! stored as chosen, and a serial another machine holds is still refused at its field.

use super::*;
use kehu::domain::merge::{Clash, Mergeable};
use kehu::domain::model::MachineStatus;
use kehu::store::Revision;
use kehu::usecases::{Clashed, Decision, Saved as FormSaved};

/// The store with the customer and its machine, and the machine as a form opens it.
fn opened_store() -> (Recorder, Revised<Machine>) {
    let store = Recorder::with(Batch::new().create(stored_customer()).create(stored_machine()));
    let opened = run(usecases::get_revised::<Machine>(&store, 1100)).unwrap().unwrap();
    (store, opened)
}

/// The opened machine's draft, then `edit`ed.
fn draft(opened: &Revised<Machine>, edit: impl Fn(&mut MachineDraft)) -> MachineDraft {
    let mut draft = MachineDraft::of(&opened.record, "徐工机械");
    edit(&mut draft);
    draft
}

/// Another tab, opened at the same revision, saves its `edit` first; returns its revision.
fn other_tab_saves(store: &Recorder, opened: &Revised<Machine>, edit: impl Fn(&mut MachineDraft)) -> Option<Revision> {
    let saved = run(usecases::machines::save(store, &mut context(Some(11), 50), Some(opened), &draft(opened, edit)));
    assert!(matches!(saved, Ok(Ok(FormSaved::Stored { .. }))), "{saved:?}");
    store.writes();
    run(usecases::get_revised::<Machine>(store, 1100)).unwrap().unwrap().revision
}

/// How a machine form's save ended: stored or clashed, or the draft's problems.
type FormResult = Result<Result<FormSaved<Machine>, Vec<(MachineField, MachineError)>>, StoreError>;

fn my_save(store: &Recorder, opened: &Revised<Machine>, draft: &MachineDraft) -> FormResult {
    run(usecases::machines::save(store, &mut context(Some(USER), 60), Some(opened), draft))
}

fn stored(store: &Recorder) -> Machine {
    run(store.get::<Machine>(Key::Id(1100))).unwrap().unwrap()
}

fn clashed(saved: FormResult) -> Clashed<Machine> {
    match saved {
        Ok(Ok(FormSaved::Clashed(clashed))) => *clashed,
        other => panic!("expected a clash, got {other:?}"),
    }
}

#[test]
fn a_change_to_other_fields_made_since_the_form_opened_is_merged() {
    let (store, opened) = opened_store();
    let theirs = other_tab_saves(&store, &opened, |d| d.hours = "1500".into());
    let saved = my_save(&store, &opened, &draft(&opened, |d| d.model = "XE215D".into())).unwrap();
    let expected = Machine { hours: 1500, model: "XE215D".into(), ..stored_machine() };
    assert_eq!(saved, Ok(FormSaved::Stored { record: expected.clone(), merged_with: theirs }));
    assert_eq!(stored(&store), expected, "both changes are stored");
    // The entry lists this save's change only, written from the revision stored now.
    let entry = entry(60, Some(USER), "machines/1100", AuditAction::Update, vec![change("model", "XE215", "XE215D")]);
    let base = Base::At(theirs.unwrap().rev);
    assert_eq!(store.writes(), vec![Batch::new().update(expected, base).create(entry)]);
}

#[test]
fn the_same_field_changed_on_both_sides_writes_nothing_and_hands_back_the_clash() {
    let (store, opened) = opened_store();
    let theirs = other_tab_saves(&store, &opened, |d| {
        d.serial = "XUG0001-A".into();
        d.status = MachineStatus::Idle;
    });
    let saved = my_save(
        &store,
        &opened,
        &draft(&opened, |d| {
            d.serial = "XUG0001-B".into();
            d.status = MachineStatus::Scrapped;
            d.hours = "1300".into();
        }),
    );
    let clashed = clashed(saved);
    assert_eq!(store.writes(), Vec::<Batch>::new(), "nothing written");
    assert_eq!(clashed.clashes, vec![Clash::field("status"), Clash::field("serial")]);
    assert_eq!(clashed.stored.revision, theirs);
    assert_eq!(stored(&store).serial, "XUG0001-A", "the other save stays");
    let merged = &clashed.merged;
    assert_eq!((merged.serial.as_str(), merged.status, merged.hours), ("XUG0001-A", MachineStatus::Idle, 1300));
    assert!(Machine::is_text("serial") && !Machine::is_text("status"));
}

#[test]
fn each_decision_on_a_clashed_machine_is_stored_as_chosen() {
    use MachineStatus::{Idle, Scrapped};
    // Decisions for (status, serial), and the status and serial stored.
    let cases: [([Decision; 2], MachineStatus, &str); 4] = [
        ([Decision::KeepStored, Decision::KeepStored], Idle, "XUG0001-A"),
        ([Decision::KeepMine, Decision::KeepMine], Scrapped, "XUG0001-B"),
        ([Decision::KeepStored, Decision::Typed("XUG0001-C".into())], Idle, "XUG0001-C"),
        // A typed value of a field that is not text keeps mine.
        ([Decision::Typed("idle".into()), Decision::KeepStored], Scrapped, "XUG0001-A"),
    ];
    for (decisions, status, serial) in cases {
        let (store, opened) = opened_store();
        other_tab_saves(&store, &opened, |d| {
            d.serial = "XUG0001-A".into();
            d.status = Idle;
        });
        let mine = draft(&opened, |d| {
            d.serial = "XUG0001-B".into();
            d.status = Scrapped;
            d.hours = "1300".into();
        });
        let clashed = clashed(my_save(&store, &opened, &mine));
        let decided = MachineDraft::of(&clashed.resolve(&decisions), "徐工机械");
        let saved = my_save(&store, &clashed.stored, &decided);
        assert!(matches!(saved, Ok(Ok(FormSaved::Stored { merged_with: None, .. }))), "{saved:?}");
        let now = stored(&store);
        assert_eq!((now.status, now.serial.as_str(), now.hours), (status, serial, 1300), "{decisions:?}");
    }
}

#[test]
fn a_serial_another_machine_took_since_the_form_opened_is_refused_at_its_field() {
    let (store, opened) = opened_store();
    let other = Machine { id: 1101, serial: "XUG0009".into(), ..stored_machine() };
    run(store.inner.write(Batch::new().create(other))).unwrap();
    let saved = my_save(&store, &opened, &draft(&opened, |d| d.serial = "xug0009".into()));
    assert_eq!(saved, Ok(Err(vec![(MachineField::Serial, MachineError::DuplicateSerial)])));
    assert_eq!(store.writes(), Vec::<Batch>::new(), "a refused machine writes nothing");
    assert_eq!(stored(&store).serial, "XUG0001");
}
