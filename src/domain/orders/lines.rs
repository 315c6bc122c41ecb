//! Order lines' own ids. Lines stored before they had ids are never rewritten for it: wherever
//! an order is opened for its form or merged, each such line is keyed by its position, the same
//! way on every side of a merge, so the same stored line has the same key in each.

use crate::domain::model::{Id, Order};

/// `order` with every line keyed: the n-th line without an id (n counted from 1 among those
/// lines) gets id n. New ids are at least 2⁵¹, so these small ones never meet them; lines with
/// an id keep it.
pub fn keyed(mut order: Order) -> Order {
    let mut position: Id = 0;
    for line in order.lines.iter_mut().filter(|line| line.id == 0) {
        position += 1;
        line.id = position;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::OrderLine;

    fn order(lines: &[(Id, &str)]) -> Order {
        let lines =
            lines.iter().map(|(id, product)| OrderLine { id: *id, product: (*product).into(), ..OrderLine::default() });
        Order { id: 9, lines: lines.collect(), ..Order::default() }
    }

    const NEW: Id = 1 << 51;

    #[test]
    fn lines_without_ids_are_keyed_by_position() {
        for (name, stored, expected) in [
            ("no lines", &[][..], &[][..]),
            (
                "all stored before ids",
                &[(0, "SY215C"), (0, "斗齿"), (0, "保养")],
                &[(1, "SY215C"), (2, "斗齿"), (3, "保养")],
            ),
            ("all with ids", &[(NEW, "SY215C"), (NEW + 7, "斗齿")], &[(NEW, "SY215C"), (NEW + 7, "斗齿")]),
            ("already keyed", &[(1, "SY215C"), (2, "斗齿")], &[(1, "SY215C"), (2, "斗齿")]),
            (
                "counted among the lines without",
                &[(0, "SY215C"), (NEW, "斗齿"), (0, "保养")],
                &[(1, "SY215C"), (NEW, "斗齿"), (2, "保养")],
            ),
        ] {
            assert_eq!(keyed(order(stored)), order(expected), "{name}");
        }
    }

    #[test]
    fn keying_twice_changes_nothing_and_touches_nothing_else() {
        let stored = Order { number: "SO-2024-000001".into(), ..order(&[(0, "SY215C"), (0, "斗齿")]) };
        let once = keyed(stored.clone());
        assert_eq!(keyed(once.clone()), once);
        assert_eq!(Order { lines: stored.lines.clone(), ..once.clone() }, stored);
    }
}
