//! The rows of each export, as typed cells under column ids. The UI turns ids into headers in
//! the user's language; values are language-free: enums as their stable names (what the importer
//! reads back), provinces as ISO codes, people by name, dates as dates, money in yuan.

use super::Cell;
use crate::domain::customers::columns::CustomerColumn;
use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Contact, Customer, Id, Interaction, Order, OrderLine, User};
use crate::domain::money::Cny;
use std::collections::HashMap;

/// A column of the customer export: a field, or a custom field by its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerTableColumn {
    Field(CustomerColumn),
    Custom(String),
}

labelled_enum!(
    ContactColumn {
        Company = "company",
        Name = "name",
        Title = "title",
        Phone = "phone",
        Email = "email",
        WeChat = "wechat",
        Role = "role",
        Primary = "primary",
    }
);

labelled_enum!(
    InteractionColumn {
        Date = "date",
        Company = "company",
        Kind = "kind",
        By = "by",
        Contact = "contact",
        Notes = "notes",
        FollowUp = "follow_up",
        FollowUpDone = "follow_up_done",
    }
);

labelled_enum!(
    /// One row per order line: the order's columns repeat on each of its lines.
    OrderColumn {
        Number = "number",
        Company = "company",
        Status = "status",
        Ordered = "ordered",
        Ready = "ready",
        Shipped = "shipped",
        DocumentsSent = "documents_sent",
        Paid = "paid",
        PrepaidPercent = "prepaid_percent",
        CreditDays = "credit_days",
        Product = "product",
        Kind = "kind",
        Quantity = "quantity",
        UnitPrice = "unit_price",
        UnitCost = "unit_cost",
        Revenue = "revenue",
        Margin = "margin",
    }
);

/// One row per customer with its primary contact (the first one when none is primary): every
/// [`CustomerColumn`] in declaration order, then one column per custom-field name found among
/// these customers (first seen first), so the file re-imports with its custom fields.
pub fn customer_rows(
    customers: &[Customer],
    contacts: &[Contact],
    users: &[User],
) -> (Vec<CustomerTableColumn>, Vec<Vec<Cell>>) {
    let mut main_contact: HashMap<Id, &Contact> = HashMap::new();
    for contact in contacts {
        let slot = main_contact.entry(contact.customer_id).or_insert(contact);
        if contact.primary && !slot.primary {
            *slot = contact;
        }
    }
    let names = user_names(users);
    let mut custom: Vec<&str> = Vec::new();
    for field in customers.iter().flat_map(|c| &c.custom) {
        if !custom.contains(&field.name.as_str()) {
            custom.push(&field.name);
        }
    }
    let rows = customers
        .iter()
        .map(|customer| {
            let contact = main_contact.get(&customer.id).copied();
            let mut row: Vec<Cell> =
                CustomerColumn::ALL.iter().map(|&column| customer_cell(customer, contact, &names, column)).collect();
            row.extend(custom.iter().map(|name| {
                customer.custom.iter().find(|f| f.name == *name).map_or(Cell::Empty, |f| Cell::text(&f.value))
            }));
            row
        })
        .collect();
    let mut columns: Vec<CustomerTableColumn> =
        CustomerColumn::ALL.iter().map(|&c| CustomerTableColumn::Field(c)).collect();
    columns.extend(custom.into_iter().map(|name| CustomerTableColumn::Custom(name.to_owned())));
    (columns, rows)
}

fn customer_cell(
    customer: &Customer,
    contact: Option<&Contact>,
    users: &HashMap<Id, &str>,
    column: CustomerColumn,
) -> Cell {
    use CustomerColumn as C;
    let c = customer;
    match column {
        C::Id => Cell::Integer(c.id as i64),
        C::Company => Cell::text(&c.company),
        C::Country => Cell::text(&c.country),
        C::Province => Cell::text(&c.province),
        C::City => Cell::text(&c.city),
        C::Address => Cell::text(&c.address),
        C::Phone => Cell::text(&c.phone),
        C::Email => Cell::text(&c.email),
        C::WeChat => Cell::text(&c.wechat),
        C::OtherChannels => Cell::text(&c.other_channels),
        C::MainProducts => Cell::text(&c.main_products.join("; ")),
        C::Industry => Cell::text(&c.industry),
        C::ParentCompany => Cell::text(&c.parent_company),
        C::Source => Cell::text(c.source.as_str()),
        C::Communication => Cell::text(c.communication.as_str()),
        C::CreditIndex => Cell::Integer(c.credit_index.into()),
        C::Lifecycle => Cell::text(c.lifecycle.as_str()),
        C::LostKind => c.lost_kind.map_or(Cell::Empty, |k| Cell::text(k.as_str())),
        C::LostReason => Cell::text(&c.lost_reason),
        C::CustomerType => Cell::text(c.customer_type.as_str()),
        C::BuyerRole => Cell::text(c.buyer_role.as_str()),
        C::Concern => Cell::text(c.concern.as_str()),
        C::Application => Cell::text(c.application.as_str()),
        C::TeamLead => name_cell(users, c.team.lead),
        C::TeamMembers => {
            let members: Vec<&str> = c.team.members.iter().filter_map(|id| users.get(id).copied()).collect();
            Cell::text(&members.join("; "))
        }
        C::CreatedAt => date_cell(c.created_at),
        C::ModifiedAt => date_cell(c.modified_at),
        C::ContactName => contact.map_or(Cell::Empty, |k| Cell::text(&k.name)),
        C::ContactTitle => contact.map_or(Cell::Empty, |k| Cell::text(&k.title)),
        C::ContactPhone => contact.map_or(Cell::Empty, |k| Cell::text(&k.phone)),
        C::ContactEmail => contact.map_or(Cell::Empty, |k| Cell::text(&k.email)),
        C::ContactWeChat => contact.map_or(Cell::Empty, |k| Cell::text(&k.wechat)),
        C::ContactRole => contact.map_or(Cell::Empty, |k| Cell::text(k.role.as_str())),
    }
}

/// One row per contact, with its company's name.
pub fn contact_rows(contacts: &[Contact], customers: &[Customer]) -> (Vec<ContactColumn>, Vec<Vec<Cell>>) {
    let companies = company_names(customers);
    let rows = contacts
        .iter()
        .map(|k| {
            ContactColumn::ALL
                .iter()
                .map(|column| match column {
                    ContactColumn::Company => name_cell(&companies, k.customer_id),
                    ContactColumn::Name => Cell::text(&k.name),
                    ContactColumn::Title => Cell::text(&k.title),
                    ContactColumn::Phone => Cell::text(&k.phone),
                    ContactColumn::Email => Cell::text(&k.email),
                    ContactColumn::WeChat => Cell::text(&k.wechat),
                    ContactColumn::Role => Cell::text(k.role.as_str()),
                    ContactColumn::Primary => bool_cell(k.primary),
                })
                .collect()
        })
        .collect();
    (ContactColumn::ALL.to_vec(), rows)
}

/// One row per interaction; the contact and the person who had it by name.
pub fn interaction_rows(
    interactions: &[Interaction],
    customers: &[Customer],
    contacts: &[Contact],
    users: &[User],
) -> (Vec<InteractionColumn>, Vec<Vec<Cell>>) {
    let companies = company_names(customers);
    let people = user_names(users);
    let contact_names: HashMap<Id, &str> = contacts.iter().map(|k| (k.id, k.name.as_str())).collect();
    let rows = interactions
        .iter()
        .map(|i| {
            InteractionColumn::ALL
                .iter()
                .map(|column| match column {
                    InteractionColumn::Date => date_cell(i.date),
                    InteractionColumn::Company => name_cell(&companies, i.customer_id),
                    InteractionColumn::Kind => Cell::text(i.kind.as_str()),
                    InteractionColumn::By => name_cell(&people, i.by),
                    InteractionColumn::Contact => i.contact_id.map_or(Cell::Empty, |id| name_cell(&contact_names, id)),
                    InteractionColumn::Notes => Cell::text(&i.notes),
                    InteractionColumn::FollowUp => date_cell(i.follow_up),
                    InteractionColumn::FollowUpDone => {
                        if i.follow_up.is_some() {
                            bool_cell(i.follow_up_done)
                        } else {
                            Cell::Empty
                        }
                    }
                })
                .collect()
        })
        .collect();
    (InteractionColumn::ALL.to_vec(), rows)
}

/// One row per order line (an order without lines still gets one row, its line columns empty).
/// Money is in yuan: unit price and cost, the line's revenue (price × quantity) and margin
/// (revenue − cost × quantity).
pub fn order_rows(orders: &[Order], customers: &[Customer]) -> (Vec<OrderColumn>, Vec<Vec<Cell>>) {
    let companies = company_names(customers);
    let mut rows = Vec::new();
    for order in orders {
        let lines: Vec<Option<&OrderLine>> =
            if order.lines.is_empty() { vec![None] } else { order.lines.iter().map(Some).collect() };
        for line in lines {
            rows.push(OrderColumn::ALL.iter().map(|&column| order_cell(order, line, &companies, column)).collect());
        }
    }
    (OrderColumn::ALL.to_vec(), rows)
}

fn order_cell(order: &Order, line: Option<&OrderLine>, companies: &HashMap<Id, &str>, column: OrderColumn) -> Cell {
    use OrderColumn as O;
    let line_cell = |cell: fn(&OrderLine) -> Cell| line.map_or(Cell::Empty, cell);
    match column {
        O::Number => Cell::text(&order.number),
        O::Company => name_cell(companies, order.customer_id),
        O::Status => Cell::text(order.status.as_str()),
        O::Ordered => date_cell(order.ordered),
        O::Ready => date_cell(order.ready),
        O::Shipped => date_cell(order.shipped),
        O::DocumentsSent => date_cell(order.documents_sent),
        O::Paid => date_cell(order.paid),
        O::PrepaidPercent => Cell::Integer(order.prepaid_percent.into()),
        O::CreditDays => Cell::Integer(order.credit_days.into()),
        O::Product => line_cell(|l| Cell::text(&l.product)),
        O::Kind => line_cell(|l| Cell::text(l.kind.as_str())),
        O::Quantity => line_cell(|l| Cell::Integer(l.quantity.into())),
        O::UnitPrice => line_cell(|l| yuan(l.unit_price)),
        O::UnitCost => line_cell(|l| yuan(l.unit_cost)),
        O::Revenue => line_cell(|l| yuan(l.unit_price * i64::from(l.quantity))),
        O::Margin => line_cell(|l| yuan((l.unit_price - l.unit_cost) * i64::from(l.quantity))),
    }
}

/// Yuan with two decimals, computed in fen so the value is the exact amount's nearest double.
fn yuan(amount: Cny) -> Cell {
    Cell::Number(amount.yuan())
}

fn date_cell(date: Option<Date>) -> Cell {
    date.map_or(Cell::Empty, Cell::Date)
}

fn bool_cell(value: bool) -> Cell {
    Cell::text(if value { "TRUE" } else { "FALSE" })
}

fn user_names(users: &[User]) -> HashMap<Id, &str> {
    users.iter().map(|u| (u.id, u.name.as_str())).collect()
}

fn company_names(customers: &[Customer]) -> HashMap<Id, &str> {
    customers.iter().map(|c| (c.id, c.company.as_str())).collect()
}

/// The name of record `id`; empty when it is not among those given (nobody, id 0, included).
fn name_cell(names: &HashMap<Id, &str>, id: Id) -> Cell {
    names.get(&id).map_or(Cell::Empty, |name| Cell::text(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{
        AccountTeam, Application, ContactRole, CustomField, InteractionKind, LeadSource, LostKind, OrderStatus,
        ProductKind,
    };

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn users() -> Vec<User> {
        ["", "王经理", "李销售", "赵服务"]
            .iter()
            .enumerate()
            .skip(1)
            .map(|(id, name)| User { id: id as Id, name: name.to_string(), ..User::default() })
            .collect()
    }

    fn customers() -> Vec<Customer> {
        vec![
            Customer {
                id: 10,
                company: "徐州重工".into(),
                country: "CN".into(),
                province: "CN-JS".into(),
                city: "徐州".into(),
                phone: "0516-8888 6666".into(),
                main_products: vec!["挖掘机".into(), "装载机".into()],
                source: LeadSource::B2bSite,
                credit_index: 85,
                lost_kind: Some(LostKind::Competitor),
                application: Application::Mining,
                team: AccountTeam { lead: 1, members: vec![2, 99, 3] },
                created_at: Some(date("2023-04-01")),
                custom: vec![
                    CustomField { name: "税号".into(), value: "91320300MA1234".into() },
                    CustomField { name: "Fleet".into(), value: "12".into() },
                ],
                ..Customer::default()
            },
            Customer {
                id: 11,
                company: "长沙建工".into(),
                custom: vec![CustomField { name: "开票地址".into(), value: "长沙".into() }],
                ..Customer::default()
            },
            Customer {
                id: 12,
                company: "Acme".into(),
                custom: vec![CustomField { name: "Fleet".into(), value: "3".into() }],
                ..Customer::default()
            },
        ]
    }

    fn contacts() -> Vec<Contact> {
        vec![
            Contact {
                id: 100,
                customer_id: 10,
                name: "张伟".into(),
                role: ContactRole::Influencer,
                ..Contact::default()
            },
            Contact {
                id: 101,
                customer_id: 10,
                name: "刘芳".into(),
                phone: "13800138000".into(),
                primary: true,
                ..Contact::default()
            },
            Contact { id: 102, customer_id: 11, name: "陈静".into(), title: "采购".into(), ..Contact::default() },
            Contact { id: 103, customer_id: 77, name: "孤儿".into(), ..Contact::default() },
        ]
    }

    #[test]
    fn customer_columns_are_every_field_then_each_custom_name_once() {
        let (columns, rows) = customer_rows(&customers(), &contacts(), &users());
        let fixed = CustomerColumn::ALL.len();
        assert_eq!(columns.len(), fixed + 3);
        assert_eq!(columns[0], CustomerTableColumn::Field(CustomerColumn::Id));
        assert_eq!(
            columns[fixed..],
            [
                CustomerTableColumn::Custom("税号".into()),
                CustomerTableColumn::Custom("Fleet".into()),
                CustomerTableColumn::Custom("开票地址".into()),
            ]
        );
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.len() == columns.len()));
        assert_eq!(rows[0][fixed..], [text("91320300MA1234"), text("12"), Cell::Empty]);
        assert_eq!(rows[1][fixed..], [Cell::Empty, Cell::Empty, text("长沙")]);
        assert_eq!(rows[2][fixed..], [Cell::Empty, text("3"), Cell::Empty]);
    }

    #[test]
    fn customer_values() {
        let (columns, rows) = customer_rows(&customers(), &contacts(), &users());
        let cell = |row: usize, column: CustomerColumn| {
            let at = columns.iter().position(|c| *c == CustomerTableColumn::Field(column)).unwrap();
            rows[row][at].clone()
        };
        use CustomerColumn as C;
        for (row, column, expected) in [
            (0, C::Id, Cell::Integer(10)),
            (0, C::Company, text("徐州重工")),
            (0, C::Province, text("CN-JS")),
            (0, C::Phone, text("0516-8888 6666")),
            (0, C::Address, Cell::Empty),
            (0, C::MainProducts, text("挖掘机; 装载机")),
            (0, C::Source, text("b2b_site")),
            (0, C::CreditIndex, Cell::Integer(85)),
            (0, C::LostKind, text("competitor")),
            (0, C::Application, text("mining")),
            (0, C::TeamLead, text("王经理")),
            (0, C::TeamMembers, text("李销售; 赵服务")),
            (0, C::CreatedAt, Cell::Date(date("2023-04-01"))),
            (0, C::ModifiedAt, Cell::Empty),
            // The primary contact wins over the first one.
            (0, C::ContactName, text("刘芳")),
            (0, C::ContactPhone, text("13800138000")),
            (0, C::ContactRole, text("decision_maker")),
            // No primary: the first contact.
            (1, C::ContactName, text("陈静")),
            (1, C::ContactTitle, text("采购")),
            (1, C::TeamLead, Cell::Empty),
            (1, C::LostKind, Cell::Empty),
            (1, C::Lifecycle, text("potential")),
            // No contact at all: every contact column is empty, its role too.
            (2, C::ContactName, Cell::Empty),
            (2, C::ContactRole, Cell::Empty),
        ] {
            assert_eq!(cell(row, column), expected, "row {row} {column:?}");
        }
    }

    #[test]
    fn contacts_carry_their_company() {
        let (columns, rows) = contact_rows(&contacts(), &customers());
        assert_eq!(columns, ContactColumn::ALL);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[1],
            [
                text("徐州重工"),
                text("刘芳"),
                Cell::Empty,
                text("13800138000"),
                Cell::Empty,
                Cell::Empty,
                text("decision_maker"),
                text("TRUE")
            ]
        );
        assert_eq!(rows[0][6], text("influencer"));
        assert_eq!(rows[0][7], text("FALSE"));
        assert_eq!(rows[3][0], Cell::Empty, "a contact whose customer is not exported");
    }

    #[test]
    fn interactions_name_company_person_and_contact() {
        let interactions = [
            Interaction {
                id: 1,
                customer_id: 10,
                contact_id: Some(101),
                kind: InteractionKind::WeChat,
                date: Some(date("2024-03-01")),
                by: 2,
                notes: "=报价".into(),
                follow_up: Some(date("2024-03-08")),
                follow_up_done: true,
            },
            Interaction { id: 2, customer_id: 11, date: Some(date("2024-03-02")), ..Interaction::default() },
        ];
        let (columns, rows) = interaction_rows(&interactions, &customers(), &contacts(), &users());
        assert_eq!(columns, InteractionColumn::ALL);
        assert_eq!(
            rows,
            [
                vec![
                    Cell::Date(date("2024-03-01")),
                    text("徐州重工"),
                    text("wechat"),
                    text("李销售"),
                    text("刘芳"),
                    text("=报价"),
                    Cell::Date(date("2024-03-08")),
                    text("TRUE"),
                ],
                vec![
                    Cell::Date(date("2024-03-02")),
                    text("长沙建工"),
                    text("visit"),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                ],
            ]
        );
    }

    #[test]
    fn order_lines_with_their_money() {
        let order = Order {
            id: 5,
            customer_id: 10,
            number: "SO-2024-001".into(),
            status: OrderStatus::Shipped,
            ordered: Some(date("2024-01-10")),
            shipped: Some(date("2024-02-01")),
            prepaid_percent: 30,
            credit_days: 60,
            lines: vec![
                OrderLine {
                    id: 0,
                    product: "斗齿".into(),
                    kind: ProductKind::Parts,
                    quantity: 2,
                    unit_price: Cny(123_450),
                    unit_cost: Cny(98_765),
                },
                OrderLine {
                    id: 0,
                    product: "XE215 挖掘机".into(),
                    kind: ProductKind::Machine,
                    quantity: 1,
                    unit_price: Cny::from_yuan(680_000),
                    unit_cost: Cny::from_yuan(700_000),
                },
            ],
            ..Order::default()
        };
        let empty = Order { id: 6, number: "SO-2024-002".into(), ..Order::default() };
        let (columns, rows) = order_rows(&[order, empty], &customers());
        assert_eq!(columns, OrderColumn::ALL);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.len() == OrderColumn::ALL.len()));
        let at = |column: OrderColumn| columns.iter().position(|&c| c == column).unwrap();
        use OrderColumn as O;
        for (row, column, expected) in [
            (0, O::Number, text("SO-2024-001")),
            (0, O::Company, text("徐州重工")),
            (0, O::Status, text("shipped")),
            (0, O::Ordered, Cell::Date(date("2024-01-10"))),
            (0, O::Ready, Cell::Empty),
            (0, O::PrepaidPercent, Cell::Integer(30)),
            (0, O::CreditDays, Cell::Integer(60)),
            (0, O::Product, text("斗齿")),
            (0, O::Kind, text("parts")),
            (0, O::Quantity, Cell::Integer(2)),
            (0, O::UnitPrice, Cell::Number(1234.5)),
            (0, O::UnitCost, Cell::Number(987.65)),
            // 2 × ¥1,234.50 and 2 × (1,234.50 − 987.65).
            (0, O::Revenue, Cell::Number(2469.0)),
            (0, O::Margin, Cell::Number(493.7)),
            (1, O::Number, text("SO-2024-001")),
            (1, O::Shipped, Cell::Date(date("2024-02-01"))),
            (1, O::Revenue, Cell::Number(680_000.0)),
            (1, O::Margin, Cell::Number(-20_000.0)),
            (2, O::Number, text("SO-2024-002")),
            (2, O::Company, Cell::Empty),
            (2, O::Status, text("draft")),
            (2, O::Product, Cell::Empty),
            (2, O::Revenue, Cell::Empty),
        ] {
            assert_eq!(rows[row][at(column)], expected, "row {row} {column:?}");
        }
    }

    #[test]
    fn column_names_are_distinct_and_parse_back() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            let mut names: Vec<_> = all.iter().map(|&c| name(c)).collect();
            assert!(all.iter().all(|&c| parse(name(c)) == Some(c)));
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all.len());
        }
        check(ContactColumn::ALL, ContactColumn::as_str, ContactColumn::parse);
        check(InteractionColumn::ALL, InteractionColumn::as_str, InteractionColumn::parse);
        check(OrderColumn::ALL, OrderColumn::as_str, OrderColumn::parse);
    }
}
