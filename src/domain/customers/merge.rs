//! Merging two records of one company: the customer kept absorbs the other, whose related
//! records (contacts, interactions, orders, opportunities, machines, service tickets) then point
//! at the kept one, and whose history (which never changes) is read with the kept one's, so
//! nothing recorded about the company is lost.
//!
//! The kept customer's own values win; each of its empty fields takes the other's value. Lists
//! are united (main products, team members, custom fields by name), and the account team keeps
//! its lead while the other's lead and members join it as members. Of the two creation stamps the
//! earlier is kept: the relationship is as old as its first record.

use crate::domain::model::{Contact, Customer, Id};

/// `kept` with the gaps filled from `other`.
pub fn merge_customers(kept: &Customer, other: &Customer) -> Customer {
    let mut merged = kept.clone();
    let fill = |target: &mut String, source: &String| {
        if target.trim().is_empty() {
            target.clone_from(source);
        }
    };
    fill(&mut merged.country, &other.country);
    if merged.province.is_empty() && merged.country == other.country {
        merged.province.clone_from(&other.province);
        merged.market = merged.market.or(other.market);
    }
    fill(&mut merged.city, &other.city);
    fill(&mut merged.address, &other.address);
    fill(&mut merged.phone, &other.phone);
    fill(&mut merged.email, &other.email);
    fill(&mut merged.wechat, &other.wechat);
    fill(&mut merged.other_channels, &other.other_channels);
    fill(&mut merged.industry, &other.industry);
    fill(&mut merged.parent_company, &other.parent_company);
    fill(&mut merged.lost_reason, &other.lost_reason);
    if merged.lost_kind.is_none() && merged.lifecycle == other.lifecycle {
        merged.lost_kind = other.lost_kind;
    }
    if merged.credit_index == 0 {
        merged.credit_index = other.credit_index;
    }
    for product in &other.main_products {
        if !merged.main_products.contains(product) {
            merged.main_products.push(product.clone());
        }
    }
    for field in &other.custom {
        match merged.custom.iter_mut().find(|f| f.name == field.name) {
            Some(kept) if kept.value.trim().is_empty() => kept.value.clone_from(&field.value),
            Some(_) => {}
            None => merged.custom.push(field.clone()),
        }
    }
    if merged.team.lead == 0 {
        merged.team.lead = other.team.lead;
    }
    for member in std::iter::once(other.team.lead).chain(other.team.members.iter().copied()) {
        if member != 0 && member != merged.team.lead && !merged.team.members.contains(&member) {
            merged.team.members.push(member);
        }
    }
    if let (Some(theirs), Some(ours)) = (other.created_at, merged.created_at) {
        if theirs < ours {
            merged.created_at = Some(theirs);
            merged.created_by = other.created_by;
        }
    } else if merged.created_at.is_none() {
        merged.created_at = other.created_at;
        merged.created_by = other.created_by;
    }
    for absorbed in std::iter::once(other.id).chain(other.absorbed.iter().copied()) {
        if absorbed != 0 && !merged.absorbed.contains(&absorbed) {
            merged.absorbed.push(absorbed);
        }
    }
    merged
}

/// The other customer's contacts, now the kept one's (`kept` already has `kept_has_primary`
/// primary contact): one primary contact per customer.
pub fn move_contacts(contacts: Vec<Contact>, kept: Id, kept_has_primary: bool) -> Vec<Contact> {
    contacts
        .into_iter()
        .map(|contact| Contact { customer_id: kept, primary: contact.primary && !kept_has_primary, ..contact })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::model::{AccountTeam, CustomField, Lifecycle};
    use crate::domain::region::MarketType;

    fn kept() -> Customer {
        Customer {
            id: 1,
            company: "三一重工".into(),
            country: "CN".into(),
            phone: "0731-8888 1234".into(),
            main_products: vec!["挖掘机".into()],
            custom: vec![CustomField { name: "等级".into(), value: String::new() }],
            team: AccountTeam { lead: 10, members: vec![11] },
            lifecycle: Lifecycle::Existing,
            created_at: Date::from_ymd(2024, 5, 1),
            created_by: 10,
            ..Customer::default()
        }
    }

    fn other() -> Customer {
        Customer {
            id: 2,
            company: "三一重工股份有限公司".into(),
            country: "CN".into(),
            province: "CN-HN".into(),
            market: Some(MarketType::Enterprise),
            city: "长沙".into(),
            phone: "0731-0000 0000".into(),
            email: "sales@sany.com".into(),
            credit_index: 80,
            main_products: vec!["挖掘机".into(), "泵车".into()],
            custom: vec![
                CustomField { name: "等级".into(), value: "A".into() },
                CustomField { name: "年营业额".into(), value: "1000".into() },
            ],
            team: AccountTeam { lead: 12, members: vec![11, 13] },
            created_at: Date::from_ymd(2021, 3, 9),
            created_by: 12,
            ..Customer::default()
        }
    }

    #[test]
    fn the_kept_values_win_and_gaps_are_filled() {
        let merged = merge_customers(&kept(), &other());
        assert_eq!((merged.id, merged.company.as_str()), (1, "三一重工"));
        assert_eq!(merged.phone, "0731-8888 1234", "the kept phone wins");
        assert_eq!((merged.province.as_str(), merged.city.as_str()), ("CN-HN", "长沙"));
        assert_eq!(merged.market, Some(MarketType::Enterprise));
        assert_eq!(merged.email, "sales@sany.com");
        assert_eq!(merged.credit_index, 80);
        assert_eq!(merged.main_products, ["挖掘机", "泵车"]);
        assert_eq!(
            merged.custom,
            [
                CustomField { name: "等级".into(), value: "A".into() },
                CustomField { name: "年营业额".into(), value: "1000".into() }
            ]
        );
        assert_eq!(merged.team, AccountTeam { lead: 10, members: vec![11, 12, 13] });
        assert_eq!((merged.created_at, merged.created_by), (Date::from_ymd(2021, 3, 9), 12), "the older record");
        assert_eq!(merged.lifecycle, Lifecycle::Existing);
        assert_eq!(merged.absorbed, [other().id], "its history is read with the kept one's");
        let twice = merge_customers(&merged, &Customer { id: 3, absorbed: vec![other().id, 4], ..other() });
        assert_eq!(twice.absorbed, [other().id, 3, 4], "and the history it had absorbed");
    }

    #[test]
    fn a_province_of_another_country_is_not_taken() {
        let foreign = Customer { country: "US".into(), province: String::new(), ..kept() };
        let merged = merge_customers(&foreign, &other());
        assert_eq!((merged.country.as_str(), merged.province.as_str(), merged.market), ("US", "", None));
    }

    #[test]
    fn merging_with_an_empty_record_changes_nothing_but_a_team_without_a_lead_gets_one() {
        assert_eq!(merge_customers(&kept(), &Customer::default()), kept());
        let leaderless = Customer { team: AccountTeam::default(), ..kept() };
        let merged = merge_customers(&leaderless, &other());
        assert_eq!(merged.team, AccountTeam { lead: 12, members: vec![11, 13] });
    }

    #[test]
    fn moved_contacts_point_at_the_kept_customer_with_one_primary() {
        let contact = |id, primary| Contact { id, customer_id: 2, primary, ..Contact::default() };
        let moved = |has_primary| -> Vec<(Id, Id, bool)> {
            move_contacts(vec![contact(5, true), contact(6, false)], 1, has_primary)
                .into_iter()
                .map(|c| (c.id, c.customer_id, c.primary))
                .collect()
        };
        assert_eq!(moved(true), [(5, 1, false), (6, 1, false)]);
        assert_eq!(moved(false), [(5, 1, true), (6, 1, false)]);
    }
}
