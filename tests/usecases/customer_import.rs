//! Importing a customer file: the context it is checked against (with the mapping remembered
//! for its layout), the check in steps, and the commit's one streamed write.

use super::*;
use kehu::domain::customers::columns::CustomerColumn;
use kehu::domain::import::choices::{self, Choice};
use kehu::domain::import::mapping::{self, Mapping};
use kehu::domain::import::plan::{DuplicatePolicy, PlanCounts};
use kehu::domain::import::source::{self, Source, TextChoice};
use kehu::domain::model::LeadSource;
use kehu::usecases::customer_import::{Check, Commit};

fn source(text: &str) -> Source {
    source::read("customers.csv", text.as_bytes(), TextChoice::default()).unwrap()
}

/// Imports `source` into `store` with its suggested mapping, checked in steps of two rows.
fn import(store: &Recorder, source: &Source, policy: DuplicatePolicy) -> Result<PlanCounts, StoreError> {
    let signature = mapping::signature(&source.header);
    let context = run(usecases::customer_import::context(store, &signature, source.header.len())).unwrap();
    let mapping = context.remembered.clone().unwrap_or_else(|| mapping::suggest(&source.header, &[]));
    let mut check = Check::new(source, &mapping, &context.values, &context, 10);
    while check.step(2) {}
    assert_eq!(check.done(), source.rows);
    let checked = check.finish();
    let commit = Commit { source, checked: &checked, context: &context, policy, reason: "", signature: &signature };
    run(usecases::customer_import::commit(store, &mut context_of_user(), commit, |_| {}))
}

fn context_of_user() -> Context {
    context(Some(USER), 2000)
}

#[test]
fn an_import_writes_new_customers_with_their_entries_and_remembers_the_mapping_in_one_write() {
    let store = Recorder::with(Batch::new().put(stored_customer()));
    let file = source("公司名称,城市\n三一重工,长沙\n徐工机械,徐州\n柳工,柳州\n");
    let counts = import(&store, &file, DuplicatePolicy::Skip);
    assert_eq!(counts, Ok(PlanCounts { created: 2, skipped: 1, ..PlanCounts::default() }));
    let writes = store.writes();
    assert_eq!(writes.len(), 1, "one transaction");
    let kinds: Vec<Entity> = writes[0].puts.iter().map(|p| p.record.entity()).collect();
    use Entity::{Audit, Customer as C, Setting as S};
    assert_eq!(kinds, vec![C, Audit, C, Audit, S, S], "the mapping, then the words mapped");
    let created: Vec<(Id, &str, &str, Id)> = writes[0]
        .puts
        .iter()
        .filter_map(|p| match &p.record {
            AnyRecord::Customer(c) => Some((c.id, c.company.as_str(), c.city.as_str(), c.created_by)),
            _ => None,
        })
        .collect();
    assert_eq!(created, vec![(2000, "三一重工", "长沙", USER), (2002, "柳工", "柳州", USER)]);
    let remembered = run(usecases::customer_import::context(&store, &mapping::signature(&file.header), 2)).unwrap();
    assert_eq!(remembered.remembered, Some(mapping::suggest(&file.header, &[])), "the layout's mapping is kept");
    let other_width = run(usecases::customer_import::context(&store, &mapping::signature(&file.header), 3)).unwrap();
    assert_eq!(other_width.remembered, None, "a mapping that no longer fits the columns is not offered");
}

#[test]
fn an_import_that_updates_lists_the_changed_fields_and_reimporting_changes_nothing() {
    let store = Recorder::with(Batch::new().put(stored_customer()));
    let file = source("公司名称,城市\n徐工机械,南京\n");
    assert_eq!(import(&store, &file, DuplicatePolicy::Update), Ok(PlanCounts { updated: 1, ..PlanCounts::default() }));
    let writes = store.writes();
    let entry =
        writes[0].puts.iter().find_map(|p| if let AnyRecord::Audit(e) = &p.record { Some(e.clone()) } else { None });
    let entry = entry.expect("the update's entry");
    assert_eq!((entry.target.as_str(), entry.user), ("customers/5", Some(USER)));
    assert_eq!(entry.changes, vec![change("city", "徐州", "南京")]);
    assert_eq!(
        import(&store, &file, DuplicatePolicy::Update),
        Ok(PlanCounts { unchanged: 1, ..PlanCounts::default() })
    );
    let kinds: Vec<Entity> = store.writes()[0].puts.iter().map(|p| p.record.entity()).collect();
    assert_eq!(kinds, vec![Entity::Setting; 2], "only the mappings are written again");
}

#[test]
fn rows_with_errors_are_counted_by_the_check_and_never_written() {
    let store = Recorder::default();
    let file = source("公司名称,城市\n,长沙\n中联重科,长沙\n");
    let signature = mapping::signature(&file.header);
    let context = run(usecases::customer_import::context(&store, &signature, 2)).unwrap();
    let mapping: Mapping = mapping::suggest(&file.header, &[]);
    let mut check = Check::new(&file, &mapping, &context.values, &context, 10);
    assert!(!check.step(100));
    let checked = check.finish();
    assert_eq!((checked.converted.ready, checked.converted.failed_rows), (1, 1));
    assert_eq!(checked.preview.len(), 1);
}

#[test]
fn an_import_whose_matched_customer_changed_after_the_check_is_refused_whole() {
    let store = Recorder::with(Batch::new().put(stored_customer()));
    let file = source("公司名称,城市\n徐工机械,南京\n三一重工,长沙\n");
    let signature = mapping::signature(&file.header);
    let context = run(usecases::customer_import::context(&store, &signature, file.header.len())).unwrap();
    let mapping = mapping::suggest(&file.header, &[]);
    let mut check = Check::new(&file, &mapping, &context.values, &context, 10);
    while check.step(2) {}
    let checked = check.finish();
    // Another tab saves the customer between the check and the import.
    let other = Customer { phone: "0516-8773 8888".into(), ..stored_customer() };
    run(store.write(Batch::new().put(other.clone()))).unwrap();
    store.writes();
    let policy = DuplicatePolicy::Update;
    let commit =
        Commit { source: &file, checked: &checked, context: &context, policy, reason: "", signature: &signature };
    let result = run(usecases::customer_import::commit(&store, &mut context_of_user(), commit, |_| {}));
    assert_eq!(result.unwrap_err().kind, StoreErrorKind::Changed { entity: Entity::Customer });
    assert_eq!(run(store.get::<Customer>(Key::Id(5))).unwrap(), Some(other), "the other tab's save stays");
    assert_eq!(run(store.counts()).unwrap().get(Entity::Customer), 1, "nothing half-written");
}

#[test]
fn words_mapped_in_one_import_are_applied_and_remembered_for_the_next() {
    let store = Recorder::default();
    let file = source("公司名称,客户来源,省份\n三一重工,B2B网站,苏\n徐工机械,抖音,火星\n");
    let signature = mapping::signature(&file.header);
    let context = run(usecases::customer_import::context(&store, &signature, 3)).unwrap();
    let mapping = mapping::suggest(&file.header, &[]);
    let words = choices::unmatched(&mapping, file.rows(), &context.values);
    let mut chosen = choices::ValueMap::new();
    chosen.set(CustomerColumn::Source, "抖音", Choice::AsWritten);
    chosen.set(CustomerColumn::Province, "火星", Choice::AsWritten);
    let values = context.values.merged(&choices::answers(&words, &chosen));
    let mut check = Check::new(&file, &mapping, &values, &context, 10);
    while check.step(10) {}
    let checked = check.finish();
    assert_eq!((checked.converted.ready, checked.converted.failed_rows), (2, 0));
    let commit = Commit {
        source: &file,
        checked: &checked,
        context: &context,
        policy: DuplicatePolicy::Skip,
        reason: "",
        signature: &signature,
    };
    run(usecases::customer_import::commit(&store, &mut context_of_user(), commit, |_| {})).unwrap();
    let stored: Vec<Customer> = store
        .writes()
        .remove(0)
        .puts
        .into_iter()
        .filter_map(|p| if let AnyRecord::Customer(c) = p.record { Some(c) } else { None })
        .collect();
    let custom = |c: &Customer| c.custom.iter().map(|f| (f.name.clone(), f.value.clone())).collect::<Vec<_>>();
    assert_eq!((stored[0].source, stored[0].province.as_str()), (LeadSource::B2bSite, "CN-JS"));
    assert_eq!(custom(&stored[0]), []);
    assert_eq!((stored[1].source, stored[1].province.as_str()), (LeadSource::Other, ""));
    let written = [("客户来源".to_owned(), "抖音".to_owned()), ("省份".to_owned(), "火星".to_owned())];
    assert_eq!(custom(&stored[1]), written, "the words as typed");
    let again = run(usecases::customer_import::context(&store, &signature, 3)).unwrap();
    assert_eq!(choices::unmatched(&mapping, file.rows(), &again.values), [], "nothing left to map");
    assert_eq!(again.values.get(CustomerColumn::Source, "b2b网站"), Some(&Choice::Value("b2b_site")));
}
