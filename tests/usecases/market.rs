//! The market view's writes: a sighting logged by the current user, edited from the revision it
//! opened (merged with another tab's change, or its clash handed back) and deleted; a market's
//! size typed, replacing the size stored for the same market; refused input writing nothing.

use super::*;
use kehu::domain::fields::FormError;
use kehu::domain::market::estimate::Estimate;
use kehu::domain::market::form::{MarketDraft, MarketField, SightingDraft, SightingError, SightingField};
use kehu::domain::market::size::{ProductLine, TonnageClass};
use kehu::domain::market::view::Filter;
use kehu::domain::market::{Market, SiteSighting, SizeSource};
use kehu::usecases::market;
use kehu::usecases::Saved;

fn draft() -> SightingDraft {
    SightingDraft {
        brand: "卡特彼勒".into(),
        model: "320GC".into(),
        line: Some(ProductLine::Excavator),
        tonnage: Some(TonnageClass::Medium),
        place: "徐州 地铁6号线".into(),
        units: "3".into(),
        ..SightingDraft::fresh(today(), "CN-JS")
    }
}

fn logged() -> SiteSighting {
    SiteSighting {
        id: 100,
        brand: "卡特彼勒".into(),
        model: "320GC".into(),
        line: ProductLine::Excavator,
        tonnage: Some(TonnageClass::Medium),
        province: "CN-JS".into(),
        place: "徐州 地铁6号线".into(),
        seen_on: Some(today()),
        units: 3,
        logged_by: USER,
        note: String::new(),
    }
}

#[test]
fn a_sighting_is_logged_by_the_current_user_in_one_write() {
    let store = Recorder::default();
    let saved = run(market::save_sighting(&store, &mut context(Some(USER), 100), None, &draft())).unwrap();
    assert_eq!(saved, Ok(Saved::Stored { record: logged(), merged_with: None }));
    assert_eq!(store.writes(), vec![Batch::new().create(logged())]);
}

#[test]
fn refused_sightings_write_nothing() {
    let store = Recorder::default();
    let units = SightingError::Form(FormError::OutOfRange { min: 1, max: 500 });
    for (typed, problems) in [
        (
            SightingDraft { brand: " ".into(), ..draft() },
            vec![(SightingField::Brand, SightingError::Form(FormError::Required))],
        ),
        (
            SightingDraft { line: None, seen_on: "2026-05-21".into(), ..draft() },
            vec![
                (SightingField::Line, SightingError::Form(FormError::Required)),
                (SightingField::SeenOn, SightingError::InFuture),
            ],
        ),
        (SightingDraft { units: "0".into(), ..draft() }, vec![(SightingField::Units, units)]),
    ] {
        let saved = run(market::save_sighting(&store, &mut context(Some(USER), 100), None, &typed)).unwrap();
        assert_eq!(saved, Err(problems));
    }
    assert_refused(
        run(market::save_sighting(&store, &mut context(None, 100), None, &draft())),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
    assert_eq!(store.writes(), Vec::<Batch>::new());
    assert!(run(store.get_all::<SiteSighting>()).unwrap().is_empty());
}

#[test]
fn an_edit_merges_another_tabs_change_or_hands_the_clash_back() {
    let store = Recorder::with(Batch::new().put(logged()));
    let opened = run(usecases::get_revised::<SiteSighting>(&store, 100)).unwrap().unwrap();
    // Another tab adds a note; this form changes the count: both kept.
    run(store.inner.write(Batch::new().update(SiteSighting { note: "租赁".into(), ..logged() }, FIRST))).unwrap();
    let more = SightingDraft { units: "4".into(), ..draft() };
    let saved = run(market::save_sighting(&store, &mut context(Some(8), 200), Some(&opened), &more)).unwrap();
    let Ok(Saved::Stored { record, merged_with: Some(_) }) = saved else { panic!("not merged: {saved:?}") };
    assert_eq!((record.units, record.note.as_str(), record.logged_by), (4, "租赁", USER));
    // A form still on the first revision changing the count again clashes with the 4 stored.
    let fewer = SightingDraft { units: "2".into(), ..draft() };
    let saved = run(market::save_sighting(&store, &mut context(Some(8), 300), Some(&opened), &fewer)).unwrap();
    let Ok(Saved::Clashed(clashed)) = saved else { panic!("no clash: {saved:?}") };
    assert_eq!(clashed.clashes.iter().map(|c| c.field).collect::<Vec<_>>(), ["units"]);
    assert_eq!(store.writes().len(), 1, "the clash wrote nothing");
}

#[test]
fn a_sighting_is_deleted_from_the_revision_shown_only() {
    let store = Recorder::with(Batch::new().put(logged()));
    let shown = run(usecases::get_revised::<SiteSighting>(&store, 100)).unwrap().unwrap();
    run(store.inner.write(Batch::new().update(SiteSighting { units: 5, ..logged() }, FIRST))).unwrap();
    // The store refuses the deletion in its transaction: the sighting stays.
    let refused = run(market::delete_sighting(&store, &mut context(Some(USER), 1), &shown));
    assert_eq!(refused.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Sighting });
    store.writes();
    assert_eq!(run(store.get::<SiteSighting>(Key::Id(100))).unwrap().map(|s| s.units), Some(5));
    let shown = run(usecases::get_revised::<SiteSighting>(&store, 100)).unwrap().unwrap();
    run(market::delete_sighting(&store, &mut context(Some(USER), 1), &shown)).unwrap();
    assert_eq!(store.writes(), vec![Batch::new().delete_at::<SiteSighting>(Key::Id(100), shown.base())]);
    assert_refused(
        run(market::delete_sighting(&store, &mut context(Some(USER), 1), &shown)),
        StoreErrorKind::NotFound { entity: Entity::Sighting, id: 100 },
        &store,
    );
}

fn size(province: &str, units: &str) -> MarketDraft {
    MarketDraft {
        province: province.into(),
        line: ProductLine::Excavator,
        year: "2026".into(),
        tonnage: None,
        units: units.into(),
    }
}

#[test]
fn a_typed_size_adds_its_market_or_replaces_the_same_markets_size() {
    let estimated = Market {
        id: 50,
        province: "CN-JS".into(),
        line: ProductLine::Excavator,
        year: 2026,
        tonnage: None,
        units: 180,
        source: SizeSource::Estimated,
    };
    let store = Recorder::with(Batch::new().put(estimated.clone()));
    let typed = run(market::save_market(&store, &mut context(Some(USER), 100), &size("CN-JS", "1,200"))).unwrap();
    let replaced = Market { units: 1200, source: SizeSource::Typed, ..estimated };
    assert_eq!(typed, Ok(replaced.clone()));
    assert_eq!(store.writes(), vec![Batch::new().update(replaced, FIRST)]);
    let added = run(market::save_market(&store, &mut context(Some(USER), 100), &size("CN-ZJ", "300"))).unwrap();
    let new = Market { id: 100, province: "CN-ZJ".into(), units: 300, ..typed.unwrap() };
    assert_eq!(added, Ok(new.clone()));
    assert_eq!(store.writes(), vec![Batch::new().create(new)]);
}

#[test]
fn refused_sizes_write_nothing() {
    let store = Recorder::default();
    for (draft, problems) in [
        (size("", "10"), vec![(MarketField::Province, FormError::Required)]),
        (size("CN-JS", "lots"), vec![(MarketField::Units, FormError::OutOfRange { min: 0, max: 1_000_000 })]),
        (
            MarketDraft { year: "1999".into(), ..size("CN-JS", "") },
            vec![
                (MarketField::Year, FormError::OutOfRange { min: 2000, max: 2100 }),
                (MarketField::Units, FormError::Required),
            ],
        ),
    ] {
        assert_eq!(run(market::save_market(&store, &mut context(Some(USER), 1), &draft)).unwrap(), Err(problems));
    }
    assert_refused(
        run(market::save_market(&store, &mut context(None, 1), &size("CN-JS", "10"))),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
    assert!(run(store.get_all::<Market>()).unwrap().is_empty());
}

#[test]
fn an_imported_file_replaces_the_same_markets_and_adds_the_rest_in_one_write() {
    let stored = Market {
        id: 7,
        province: "CN-JS".into(),
        line: ProductLine::Excavator,
        year: 2026,
        tonnage: None,
        units: 180,
        source: SizeSource::Typed,
    };
    let store = Recorder::with(Batch::new().put(stored.clone()));
    let file = [
        Market { id: 0, units: 12_400, source: SizeSource::Imported, ..stored.clone() },
        Market {
            id: 0,
            tonnage: Some(TonnageClass::Large),
            units: 900,
            source: SizeSource::Imported,
            ..stored.clone()
        },
    ];
    let counts = run(market::import_markets(&store, &mut context(Some(USER), 100), &file)).unwrap();
    assert_eq!((counts.created, counts.updated), (1, 1));
    assert_eq!(
        store.writes(),
        vec![Batch::new()
            .update(Market { id: 7, ..file[0].clone() }, FIRST)
            .create(Market { id: 100, ..file[1].clone() })]
    );
    assert_refused(
        run(market::import_markets(&store, &mut context(None, 1), &file)),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
}

#[test]
fn estimates_replace_earlier_estimates_and_keep_typed_sizes() {
    let size = |id, province: &str, units, source| Market {
        id,
        province: province.into(),
        line: ProductLine::Excavator,
        year: 2026,
        tonnage: None,
        units,
        source,
    };
    let (typed, estimated) = (size(7, "CN-JS", 1_234, SizeSource::Typed), size(8, "CN-ZJ", 50, SizeSource::Estimated));
    let store = Recorder::with(Batch::new().put(typed).put(estimated));
    let estimate = Estimate {
        national: 1_000,
        weights: vec![("CN-JS".into(), 5.0), ("CN-ZJ".into(), 3.0), ("CN-SC".into(), 2.0)],
    };
    let filter = Filter { line: ProductLine::Excavator, year: 2026, tonnage: None };
    let counts = run(market::save_estimates(&store, &mut context(Some(USER), 100), &estimate, filter)).unwrap();
    assert_eq!((counts.created, counts.updated), (1, 1));
    assert_eq!(
        store.writes(),
        vec![Batch::new().update(size(8, "CN-ZJ", 300, SizeSource::Estimated), FIRST).create(size(
            100,
            "CN-SC",
            200,
            SizeSource::Estimated
        ))]
    );
    assert_refused(
        run(market::save_estimates(&store, &mut context(None, 1), &estimate, filter)),
        StoreErrorKind::NoCurrentUser,
        &store,
    );
}
