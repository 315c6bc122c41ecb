//! The three-way merge's table-driven tests: plain fields, sets, keyed lists, records by id,
//! the choices a user makes, and every kind's field list against its stored form.

use super::*;
use crate::domain::cockpit::judge::Direction;
use crate::domain::date::Date;
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::quota::{Period, Quota};
use crate::domain::funnel::settings::{quota_key, FunnelSettings, GATES, QUOTAS, STAGE_PERCENT, STRATEGIES};
use crate::domain::model::{AccountTeam, CustomField, FunnelStage, Lifecycle, LostKind, OrderLine};
use crate::domain::money::Cny;
use serde::Serialize;
use Clash as C;
use DeletionClash::{MineDeletedTheirsEdited, MineEditedTheirsDeleted};

type Edit = fn(&mut Customer);

fn custom(name: &str, value: &str) -> CustomField {
    CustomField { name: name.into(), value: value.into() }
}

fn day(day: u32) -> Option<Date> {
    Date::from_ymd(2024, 3, day)
}

fn base() -> Customer {
    Customer {
        id: 7,
        company: "Xiangjiang Machinery".into(),
        city: "Changsha".into(),
        main_products: vec!["dozer".into(), "mixer".into()],
        custom: vec![custom("employees", "12"), custom("founded", "1998")],
        team: AccountTeam { lead: 1, members: vec![1, 2] },
        modified_by: 1,
        modified_at: day(1),
        ..Customer::default()
    }
}

fn edited(edit: Edit) -> Customer {
    let mut customer = base();
    edit(&mut customer);
    customer
}

fn company_a(customer: &mut Customer) {
    customer.company = "A".into();
}

fn city_wuhan(customer: &mut Customer) {
    customer.city = "Wuhan".into();
}

fn company_b(customer: &mut Customer) {
    customer.company = "B".into();
}

fn lost(customer: &mut Customer) {
    customer.lifecycle = Lifecycle::Lost;
}

fn lost_to_competitor(customer: &mut Customer) {
    customer.lost_kind = Some(LostKind::Competitor);
}

fn company_and_city(customer: &mut Customer) {
    company_a(customer);
    city_wuhan(customer);
}

/// Runs `(name, mine, theirs, expected, clashes)` cases of edits to the same base customer.
fn check_customer_merges(cases: Vec<(&str, Edit, Edit, Edit, Vec<Clash>)>) {
    for (name, mine, theirs, expected, clashes) in cases {
        let mut record = edited(theirs);
        assert_eq!(Customer::merge_into(&base(), &edited(mine), &mut record), clashes, "{name}");
        assert_eq!(record, edited(expected), "{name}");
    }
}

#[test]
fn plain_fields_take_the_changed_side_and_clash_when_both_differ_and_stamps_take_mine() {
    check_customer_merges(vec![
        ("mine changed", company_a, |_| {}, company_a, vec![]),
        ("theirs changed", |_| {}, city_wuhan, city_wuhan, vec![]),
        ("disjoint fields", company_a, city_wuhan, company_and_city, vec![]),
        ("both to the same value", company_a, company_a, company_a, vec![]),
        ("both differently", company_a, company_b, company_b, vec![C::field("company")]),
        ("an enum both differently", |c| c.lifecycle = Lifecycle::Existing, lost, lost, vec![C::field("lifecycle")]),
        ("an option on one side", lost_to_competitor, |_| {}, lost_to_competitor, vec![]),
        (
            "nested, both differently",
            |c| c.team.lead = 2,
            |c| c.team.lead = 3,
            |c| c.team.lead = 3,
            vec![C::field("team.lead")],
        ),
        (
            "nested, and its sibling",
            |c| c.team.lead = 2,
            |c| c.team.members.push(3),
            |c| (c.team.lead, c.team.members) = (2, vec![1, 2, 3]),
            vec![],
        ),
        (
            "both stamped with other edits",
            |c| (c.company, c.modified_by, c.modified_at) = ("A".into(), 2, day(2)),
            |c| (c.city, c.modified_by, c.modified_at) = ("Wuhan".into(), 3, day(3)),
            |c| (c.company, c.city, c.modified_by, c.modified_at) = ("A".into(), "Wuhan".into(), 2, day(2)),
            vec![],
        ),
        ("only stamps", |c| c.modified_by = 2, |c| c.modified_by = 3, |c| c.modified_by = 2, vec![]),
    ]);
}

#[test]
fn sets_apply_both_sides_additions_and_removals() {
    let with =
        |products: &[&str]| Customer { main_products: products.iter().map(|p| p.to_string()).collect(), ..base() };
    for (name, mine, theirs, expected) in [
        (
            "both add",
            &["dozer", "mixer", "crane"][..],
            &["dozer", "mixer", "pump"][..],
            &["dozer", "mixer", "pump", "crane"][..],
        ),
        ("mine removes, theirs adds", &["dozer"], &["dozer", "mixer", "pump"], &["dozer", "pump"]),
        ("each removes another", &["dozer"], &["mixer"], &[]),
        ("both add the same", &["dozer", "mixer", "crane"], &["dozer", "mixer", "crane"], &["dozer", "mixer", "crane"]),
        ("theirs reorders, mine adds", &["dozer", "mixer", "crane"], &["mixer", "dozer"], &["mixer", "dozer", "crane"]),
    ] {
        let mut record = with(theirs);
        assert_eq!(Customer::merge_into(&base(), &with(mine), &mut record), vec![], "{name}");
        assert_eq!(record, with(expected), "{name}");
    }
}

#[test]
fn keyed_lists_merge_item_by_item() {
    const STAFF: (&str, &str) = ("employees", "12");
    const STAFF_15: (&str, &str) = ("employees", "15");
    const FOUNDED: (&str, &str) = ("founded", "1998");
    const FOUNDED_97: (&str, &str) = ("founded", "1997");
    const FOUNDED_99: (&str, &str) = ("founded", "1999");
    const FLEET: (&str, &str) = ("fleet", "30");
    const FLEET_40: (&str, &str) = ("fleet", "40");
    const BANK: (&str, &str) = ("bank", "ICBC");
    let with =
        |fields: &[(&str, &str)]| Customer { custom: fields.iter().map(|(n, v)| custom(n, v)).collect(), ..base() };
    for (name, mine, theirs, expected, clashes) in [
        (
            "both add other keys",
            &[STAFF, FOUNDED, FLEET][..],
            &[STAFF, FOUNDED, BANK][..],
            &[STAFF, FOUNDED, BANK, FLEET][..],
            &[][..],
        ),
        ("both add the same item", &[STAFF, FOUNDED, FLEET], &[STAFF, FOUNDED, FLEET], &[STAFF, FOUNDED, FLEET], &[]),
        (
            "both add one key differently",
            &[STAFF, FOUNDED, FLEET],
            &[STAFF, FOUNDED, FLEET_40],
            &[STAFF, FOUNDED, FLEET_40],
            &["fleet"],
        ),
        ("mine edits what theirs removed", &[STAFF_15, FOUNDED], &[FOUNDED], &[FOUNDED], &["employees"]),
        ("mine removes what theirs edited", &[FOUNDED], &[STAFF_15, FOUNDED], &[STAFF_15, FOUNDED], &["employees"]),
        ("mine removes, theirs unchanged", &[FOUNDED], &[STAFF, FOUNDED], &[FOUNDED], &[]),
        ("both edit differently", &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_99], &[STAFF, FOUNDED_99], &["founded"]),
        ("both edit the same", &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_97], &[STAFF, FOUNDED_97], &[]),
        ("each edits another item", &[STAFF_15, FOUNDED], &[STAFF, FOUNDED_99], &[STAFF_15, FOUNDED_99], &[]),
        (
            "both edit, mine adds",
            &[STAFF, FOUNDED_97, FLEET],
            &[STAFF, FOUNDED_99],
            &[STAFF, FOUNDED_99, FLEET],
            &["founded"],
        ),
    ] {
        let mut record = with(theirs);
        let expected_clashes: Vec<Clash> = clashes.iter().map(|key| C::item("custom", key)).collect();
        assert_eq!(Customer::merge_into(&base(), &with(mine), &mut record), expected_clashes, "{name}");
        assert_eq!(record, with(expected), "{name}");
    }
}

#[test]
fn records_merge_deletions_and_creations() {
    let (base, a, b) = (Some(base()), Some(edited(company_a)), Some(edited(city_wuhan)));
    let both = Some(edited(company_and_city));
    let created = Some(Customer { company: "B".into(), city: "Wuhan".into(), ..base.clone().unwrap() });
    let united =
        edited(|c| (c.company, c.main_products) = ("A".into(), ["dozer", "mixer", "crane"].map(String::from).to_vec()));
    let mine_created = Some(edited(|c| (c.company, c.main_products) = ("A".into(), vec!["crane".into()])));
    let clean = |record: &Option<Customer>| Merged::clean(record.clone());
    let deletion = |record: &Option<Customer>, clash| Merged::deletion(record.clone(), clash);
    let clashing = |record: &Option<Customer>, fields: &[&'static str]| Merged {
        clashes: fields.iter().map(|field| C::field(field)).collect(),
        ..clean(record)
    };
    for (name, base, mine, theirs, expected) in [
        ("mine unchanged", &base, &base, &b, clean(&b)),
        ("theirs unchanged", &base, &a, &base, clean(&a)),
        ("both edited", &base, &a, &b, clean(&both)),
        ("mine deleted, theirs edited", &base, &None, &b, deletion(&b, MineDeletedTheirsEdited)),
        ("mine edited, theirs deleted", &base, &a, &None, deletion(&None, MineEditedTheirsDeleted)),
        ("mine deleted, theirs unchanged", &base, &None, &base, clean(&None)),
        ("theirs deleted, mine unchanged", &base, &base, &None, clean(&None)),
        ("both deleted", &base, &None, &None, clean(&None)),
        ("created by mine only", &None, &a, &None, clean(&a)),
        ("created alike on both", &None, &a, &a, clean(&a)),
        ("created differently on both", &None, &a, &created, clashing(&created, &["company", "city"])),
        ("created on both: sets unite", &None, &mine_created, &a, clean(&Some(united))),
    ] {
        let merged = merge(base.as_ref(), mine.as_ref(), theirs.as_ref());
        assert_eq!(merged.is_clean(), expected.clashes.is_empty() && expected.deletion.is_none(), "{name}");
        assert_eq!(merged, expected, "{name}");
    }
}

fn contact(id: Id, name: &str) -> Contact {
    Contact { id, customer_id: 7, name: name.into(), ..Contact::default() }
}

#[test]
fn a_forms_records_merge_by_id() {
    let (wang, li) = (contact(1, "Wang"), contact(2, "Li"));
    let (phoned, titled) =
        (Contact { phone: "138".into(), ..wang.clone() }, Contact { title: "CEO".into(), ..wang.clone() });
    let both = Contact { title: "CEO".into(), ..phoned.clone() };
    let renamed = |name: &str| Contact { name: name.into(), ..wang.clone() };
    let (stored, only_li) = (vec![wang.clone(), li.clone()], vec![li.clone()]);
    let with = |contact: &Contact| vec![contact.clone(), li.clone()];
    let deletion = |clash| vec![RecordClashes { id: 1, fields: vec![], deletion: Some(clash) }];
    for (name, mine, theirs, records, deleted, clashes) in [
        (
            "added on both sides",
            vec![wang.clone(), li.clone(), contact(3, "Zhao")],
            vec![wang.clone(), li.clone(), contact(4, "Sun")],
            vec![wang.clone(), li.clone(), contact(4, "Sun"), contact(3, "Zhao")],
            vec![],
            vec![],
        ),
        ("removed vs edited", only_li.clone(), with(&phoned), with(&phoned), vec![], deletion(MineDeletedTheirsEdited)),
        (
            "edited vs removed",
            with(&phoned),
            only_li.clone(),
            only_li.clone(),
            vec![],
            deletion(MineEditedTheirsDeleted),
        ),
        ("removed vs unchanged", only_li.clone(), stored.clone(), only_li.clone(), vec![1], vec![]),
        ("disjoint fields of one contact", with(&phoned), with(&titled), with(&both), vec![], vec![]),
        (
            "one field of one contact differently",
            with(&renamed("Wang Wei")),
            with(&renamed("Wang Fang")),
            with(&renamed("Wang Fang")),
            vec![],
            vec![RecordClashes { id: 1, fields: vec![C::field("name")], deletion: None }],
        ),
    ] {
        let merged = merge_records(&stored, &mine, &theirs, |c| c.id);
        assert_eq!(merged, RecordsMerged { records, deleted, clashes }, "{name}");
    }
}

#[test]
fn take_copies_the_chosen_side_of_a_clash() {
    let mine = edited(|c| {
        (c.company, c.team.members) = ("A".into(), vec![1]);
        c.custom[0].value = "15".into();
        c.custom.remove(1);
    });
    for (name, clash, expected) in [
        ("a field", C::field("company"), edited(company_a)),
        ("an edited item", C::item("custom", "employees"), edited(|c| c.custom[0].value = "15".into())),
        ("a removed item", C::item("custom", "founded"), edited(|c| c.custom.truncate(1))),
        ("a whole keyed list", C::field("custom"), edited(|c| c.custom = vec![custom("employees", "15")])),
        ("a nested set", C::field("team.members"), edited(|c| c.team.members = vec![1])),
        ("no such field", C::field("colour"), base()),
    ] {
        let mut record = base();
        record.take(&mine, &clash);
        assert_eq!(record, expected, "{name}");
    }
    let mut record = base();
    record.custom.clear();
    record.take(&mine, &C::item("custom", "employees"));
    assert_eq!(record.custom, vec![custom("employees", "15")], "an item theirs removed comes back");
}

#[test]
fn only_text_fields_take_a_typed_value() {
    for (field, is_text, typed) in [
        ("title", true, Opportunity { title: "Typed".into(), ..Opportunity::default() }),
        ("competitor", true, Opportunity { competitor: "Typed".into(), ..Opportunity::default() }),
        ("value", false, Opportunity::default()),
        ("man.money", false, Opportunity::default()),
        ("colour", false, Opportunity::default()),
    ] {
        let mut record = Opportunity::default();
        record.set_text(field, "Typed");
        assert_eq!((Opportunity::is_text(field), record), (is_text, typed), "{field}");
    }
    let mut machine = Machine::default();
    machine.set_text("serial", "SY-1");
    assert_eq!(machine.serial, "SY-1");
    assert!(!Machine::is_text("hours"));
}

#[test]
fn other_kinds_merge_by_their_own_fields() {
    let opportunity = Opportunity { id: 3, stage: FunnelStage::Qualify, ..Opportunity::default() };
    let mut mine = opportunity.clone();
    (mine.man.money, mine.stage) = (true, FunnelStage::Develop);
    mine.criteria_met.push("qualify_money".into());
    let mut theirs = opportunity.clone();
    (theirs.man.need, theirs.stage) = (true, FunnelStage::Lost);
    theirs.criteria_met.push("qualify_need".into());
    assert_eq!(Opportunity::merge_into(&opportunity, &mine, &mut theirs), vec![C::field("stage")]);
    assert_eq!((theirs.man.money, theirs.man.need, theirs.stage), (true, true, FunnelStage::Lost));
    assert_eq!(theirs.criteria_met, ["qualify_need", "qualify_money"]);

    let line = |id, quantity| OrderLine { id, product: "SY215C".into(), quantity, ..OrderLine::default() };
    let order = Order { id: 4, lines: vec![line(1, 1), line(2, 1)], ..Order::default() };
    let with = |first, second| Order { lines: vec![line(1, first), line(2, second)], ..order.clone() };
    for (name, mine, theirs, merged, clashes) in [
        ("each tab edits another line: both kept", with(2, 1), with(1, 3), with(2, 3), vec![]),
        ("both edit one line: it clashes", with(2, 1), with(3, 1), with(3, 1), vec![C::item("lines", 1)]),
    ] {
        let mut stored = theirs;
        assert_eq!(Order::merge_into(&order, &mine, &mut stored), clashes, "{name}");
        assert_eq!(stored, merged, "{name}");
    }

    // The dealer's market types merge province by province.
    use crate::domain::region::MarketType::{Construction, Enterprise, Resource};
    let table = |changes: &[(&str, crate::domain::region::MarketType)]| {
        let mut table = MarketTypes::default();
        changes.iter().for_each(|(code, market)| table.set(code, *market));
        table
    };
    let base = table(&[("CN-SD", Resource)]);
    for (name, mine, theirs, merged, clashes) in [
        (
            "each window sets another province: both kept",
            table(&[("CN-SD", Resource), ("CN-HA", Construction)]),
            table(&[]),
            table(&[("CN-HA", Construction)]),
            vec![],
        ),
        (
            "both set one province differently: it clashes",
            table(&[("CN-SD", Enterprise)]),
            table(&[("CN-SD", Construction)]),
            table(&[]),
            vec![C::item("changed", "CN-SD")],
        ),
    ] {
        let mut stored = theirs;
        assert_eq!(MarketTypes::merge_into(&base, &mine, &mut stored), clashes, "{name}");
        assert_eq!(stored, merged, "{name}");
    }

    let setting = |value: &str| Setting { key: "funnel".into(), value: value.into() };
    let merged = merge(None, Some(&setting("{\"a\":1}")), Some(&setting("{\"a\":2}")));
    assert_eq!(merged.clashes, vec![C::field("value")], "settings created on both sides");
}

/// The stored names of `record`'s fields, nested objects opened where `listed` names a path
/// into them.
fn stored_names(record: &impl Serialize, listed: &[&str]) -> Vec<String> {
    fn names(value: &serde_json::Value, prefix: &str, listed: &[&str]) -> Vec<String> {
        let serde_json::Value::Object(fields) = value else { return Vec::new() };
        let mut found = Vec::new();
        for (name, value) in fields {
            let path = format!("{prefix}{name}");
            let nested = format!("{path}.");
            if value.is_object() && listed.iter().any(|l| l.starts_with(&nested)) {
                found.extend(names(value, &nested, listed));
            } else {
                found.push(path);
            }
        }
        found
    }
    names(&serde_json::to_value(record).unwrap(), "", listed)
}

#[test]
fn every_kind_lists_each_of_its_fields_exactly_once() {
    fn sorted(names: impl IntoIterator<Item = impl ToString>) -> Vec<String> {
        let mut names: Vec<String> = names.into_iter().map(|n| n.to_string()).collect();
        names.sort_unstable();
        names
    }
    fn case<T: Mergeable + Serialize>(record: T) -> (Vec<String>, Vec<String>) {
        (sorted(T::FIELD_NAMES), sorted(stored_names(&record, T::FIELD_NAMES)))
    }
    // An opportunity writes `external_id` only when set, a customer `market_override` too.
    let opportunity = Opportunity { external_id: "D-1".into(), strategy_task: "mAN".into(), ..Opportunity::default() };
    let customer = Customer {
        market_override: Some(crate::domain::region::MarketType::Resource),
        key_account: true,
        key_account_reason: "行业标杆".into(),
        ..Customer::default()
    };
    // A ticket writes its complaint fields only when set.
    let ticket = ServiceTicket {
        about_order: Some(1),
        about_part: Some(2),
        about_ticket: Some(3),
        root_cause: Some(crate::domain::service::record::RootCause::PartsLate),
        complaint_owner: Some(4),
        ..ServiceTicket::default()
    };
    for (kind, (listed, stored)) in [
        ("Customer", case(customer)),
        ("Contact", case(Contact::default())),
        ("Interaction", case(Interaction::default())),
        ("Order", case(Order::default())),
        ("Opportunity", case(opportunity)),
        ("Part", case(Part::default())),
        ("StockLevel", case(StockLevel::default())),
        ("Machine", case(Machine::default())),
        ("ServiceTicket", case(ticket)),
        ("Supplier", case(Supplier::default())),
        ("TradePartner", case(TradePartner::default())),
        ("User", case(User::default())),
        ("Ratings", case(Ratings::default())),
        ("Show", case(crate::domain::shows::Show::default())),
        ("Lead", case(crate::domain::shows::Lead::default())),
        ("SiteSighting", case(crate::domain::market::SiteSighting::default())),
        ("Market", case(crate::domain::market::Market::default())),
        ("Setting", case(Setting::default())),
        ("PolicyChoice", case(PolicyChoice::default())),
        ("CockpitSettings", case(CockpitSettings::default())),
        ("ServiceSettings", case(ServiceSettings::default())),
        ("MaintenanceSettings", case(MaintenanceSettings::default())),
        ("GradingSettings", case(GradingSettings::default())),
        ("MarketTypes", case(MarketTypes::default())),
        ("MarketSettings", case(crate::domain::market::settings::MarketSettings::default())),
        ("FollowUpDays", case(crate::domain::shows::close::FollowUpDays::default())),
        ("FunnelSettings", case(FunnelSettings::default())),
    ] {
        let mut unique = listed.clone();
        unique.dedup();
        assert_eq!(unique, listed, "{kind} lists a field twice");
        assert_eq!(listed, stored, "{kind}");
    }
}

/// A case of edits to a settings kind's defaults: `(name, mine, theirs, expected, clashes)`.
type SettingsCase<T> = (&'static str, fn(&mut T), fn(&mut T), fn(&mut T), Vec<Clash>);

/// Runs cases of edits to `T`'s defaults.
fn check_settings_merges<T: Mergeable + Default + std::fmt::Debug>(cases: Vec<SettingsCase<T>>) {
    let edited = |edit: fn(&mut T)| {
        let mut value = T::default();
        edit(&mut value);
        value
    };
    for (name, mine, theirs, expected, clashes) in cases {
        let merged = merge(Some(&T::default()), Some(&edited(mine)), Some(&edited(theirs)));
        assert_eq!((merged.record, merged.clashes), (Some(edited(expected)), clashes), "{name}");
    }
}

fn may() -> Period {
    Period::Month(crate::domain::date::Month::new(2024, 5))
}

#[test]
fn settings_merge_control_by_control() {
    check_settings_merges::<PolicyChoice>(vec![
        (
            "policy: other fields",
            |p| p.service_level = 0.9,
            |p| p.dead_after_months = 6,
            |p| (p.service_level, p.dead_after_months) = (0.9, 6),
            vec![],
        ),
        (
            "policy: one field",
            |p| p.cover_days_min = 100,
            |p| p.cover_days_min = 120,
            |p| p.cover_days_min = 120,
            vec![C::field("cover_days_min")],
        ),
    ]);
    check_settings_merges::<CockpitSettings>(vec![
        (
            "cockpit: two tiles' lines",
            |c| c.d_share.limits = None,
            |c| c.days_of_cover.low = 120.0,
            |c| (c.d_share.limits, c.days_of_cover.low) = (None, 120.0),
            vec![],
        ),
        (
            "cockpit: one tile's lines",
            |c| c.pipeline_coverage.limits = None,
            |c| c.pipeline_coverage.direction = Direction::LowerIsBetter,
            |c| c.pipeline_coverage.direction = Direction::LowerIsBetter,
            vec![C::field("pipeline_coverage")],
        ),
    ]);
    check_settings_merges::<crate::domain::market::settings::MarketSettings>(vec![
        (
            "market: the target and the rule's ratio",
            |m| m.target_share = 0.2,
            |m| m.stable_leader_to_third = 3.0,
            |m| (m.target_share, m.stable_leader_to_third) = (0.2, 3.0),
            vec![],
        ),
        (
            "market: our brands, one added in each window",
            |m| m.own_brands = vec!["三一".into()],
            |m| m.own_brands = vec!["Sany".into()],
            |m| m.own_brands = vec!["Sany".into(), "三一".into()],
            vec![],
        ),
        (
            "market: the target",
            |m| m.target_share = 0.2,
            |m| m.target_share = 0.3,
            |m| m.target_share = 0.3,
            vec![C::field("target_share")],
        ),
    ]);
    check_settings_merges::<GradingSettings>(vec![
        (
            "grading: bars and the D-share alert",
            |g| g.scoring.thresholds.a = 80.0,
            |g| g.portfolio.d_share_alert_percent = 5.0,
            |g| (g.scoring.thresholds.a, g.portfolio.d_share_alert_percent) = (80.0, 5.0),
            vec![],
        ),
        (
            "grading: two bars are one group",
            |g| g.scoring.thresholds.a = 80.0,
            |g| g.scoring.thresholds.c = 30.0,
            |g| g.scoring.thresholds.c = 30.0,
            vec![C::field("scoring.thresholds")],
        ),
    ]);
    check_settings_merges::<FunnelSettings>(vec![
        (
            "funnel: two stages' percentages",
            |f| f.forecast.stage_percent[0] = 15,
            |f| f.forecast.stage_percent[2] = 60,
            |f| f.forecast.stage_percent = [15, 25, 60, 75],
            vec![],
        ),
        (
            "funnel: one stage's percentage",
            |f| f.forecast.stage_percent[1] = 30,
            |f| f.forecast.stage_percent[1] = 35,
            |f| f.forecast.stage_percent[1] = 35,
            vec![C::item(STAGE_PERCENT, "qualify")],
        ),
        (
            "funnel: a criterion in each of two gates, a strategy and a quota",
            |f| {
                f.add_criterion(FunnelStage::Develop, "试机");
                f.set_strategy(ManCombination::NoMoney, "融资租赁");
            },
            |f| {
                f.add_criterion(FunnelStage::Propose, "报价");
                f.set_quota(None, may(), Cny::from_yuan(100));
            },
            |f| {
                f.add_criterion(FunnelStage::Develop, "试机");
                f.add_criterion(FunnelStage::Propose, "报价");
                f.set_strategy(ManCombination::NoMoney, "融资租赁");
                f.set_quota(None, may(), Cny::from_yuan(100));
            },
            vec![],
        ),
        (
            "funnel: one gate, one strategy, one quota",
            |f| {
                f.add_criterion(FunnelStage::Develop, "试机");
                f.set_strategy(ManCombination::NoMoney, "融资租赁");
                f.set_quota(Some(3), may(), Cny::from_yuan(100));
            },
            |f| {
                f.add_criterion(FunnelStage::Develop, "演示");
                f.set_strategy(ManCombination::NoMoney, "分期");
                f.set_quota(Some(3), may(), Cny::from_yuan(200));
            },
            |f| {
                f.add_criterion(FunnelStage::Develop, "演示");
                f.set_strategy(ManCombination::NoMoney, "分期");
                f.set_quota(Some(3), may(), Cny::from_yuan(200));
            },
            vec![
                C::item(GATES, "develop"),
                C::item(STRATEGIES, ManCombination::NoMoney.strategy_id()),
                C::item(QUOTAS, quota_key(&Quota { owner: Some(3), region: None, period: may(), amount: Cny::ZERO })),
            ],
        ),
    ]);
}

#[test]
fn a_funnel_clash_takes_the_chosen_side() {
    let mut mine = FunnelSettings::default();
    mine.forecast.stage_percent[3] = 90;
    mine.set_strategy(ManCombination::NoMoney, "融资租赁");
    for (clash, expected) in [
        (C::item(STAGE_PERCENT, "propose"), [10, 25, 50, 90]),
        (C::item(STAGE_PERCENT, "won"), [10, 25, 50, 75]),
        (C::field("forecast.prior_deals"), [10, 25, 50, 75]),
    ] {
        let mut record = FunnelSettings::default();
        record.take(&mine, &clash);
        assert_eq!(record.forecast.stage_percent, expected, "{clash:?}");
    }
    let mut record = FunnelSettings::default();
    record.take(&mine, &C::item(STRATEGIES, ManCombination::NoMoney.strategy_id()));
    assert_eq!(record.strategy(ManCombination::NoMoney), Some("融资租赁"));
}
