//! Small builders shared by the grading tests.

use crate::domain::date::Date;
use crate::domain::model::{Customer, Id, Lifecycle, Order, OrderLine, OrderStatus, ProductKind};
use crate::domain::money::Cny;

pub fn day(year: i32, month: u32, day: u32) -> Date {
    Date::from_ymd(year, month, day).expect("a real date")
}

/// A line of `quantity` at a unit price and cost in yuan.
pub fn line(kind: ProductKind, quantity: u32, price: i64, cost: i64) -> OrderLine {
    OrderLine {
        id: 0,
        product: String::new(),
        kind,
        quantity,
        unit_price: Cny::from_yuan(price),
        unit_cost: Cny::from_yuan(cost),
    }
}

/// A completed order of `customer_id` on `ordered`, without fulfilment dates.
pub fn order(customer_id: Id, ordered: Date, lines: Vec<OrderLine>) -> Order {
    Order { customer_id, status: OrderStatus::Completed, ordered: Some(ordered), lines, ..Order::default() }
}

pub fn customer(id: Id, lifecycle: Lifecycle) -> Customer {
    Customer { id, lifecycle, ..Customer::default() }
}
