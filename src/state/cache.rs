//! The last value a state module built from the workspace, kept until its key changes (the
//! revision, which every write bumps, or the store's write stamps of the kinds it read, plus the
//! locale where the value depends on it): going from a list to a record and back must not read
//! 10,000 records again.

use std::cell::RefCell;
use std::rc::Rc;

/// Held in a `thread_local!`: the browser runs the app on one thread.
pub struct Cached<K, T>(RefCell<Option<(K, Rc<T>)>>);

impl<K: PartialEq, T> Default for Cached<K, T> {
    fn default() -> Self {
        Cached::new()
    }
}

impl<K: PartialEq, T> Cached<K, T> {
    pub const fn new() -> Self {
        Cached(RefCell::new(None))
    }

    /// The value kept for `key`, if that is the key it was kept for.
    pub fn get(&self, key: &K) -> Option<Rc<T>> {
        self.0.borrow().as_ref().filter(|(k, _)| k == key).map(|(_, value)| value.clone())
    }

    /// Keeps `value` for `key`, replacing what was kept.
    pub fn keep(&self, key: K, value: Rc<T>) {
        *self.0.borrow_mut() = Some((key, value));
    }

    /// Moves the value kept for `key` to `next` with `change` made to it (on a copy when a page
    /// still holds the old one); nothing when the value kept is another key's.
    pub fn carry(&self, key: &K, next: K, change: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        let mut kept = self.0.borrow_mut();
        let Some((at, value)) = kept.as_mut().filter(|(at, _)| at == key) else { return };
        change(Rc::make_mut(value));
        *at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_one_value_for_its_key() {
        let cache: Cached<(u64, &str), String> = Cached::new();
        assert_eq!(cache.get(&(1, "en")), None);
        cache.keep((1, "en"), Rc::new("book 1".into()));
        assert_eq!(cache.get(&(1, "en")).as_deref().map(String::as_str), Some("book 1"));
        assert_eq!(cache.get(&(1, "zh")), None);
        assert_eq!(cache.get(&(2, "en")), None);
        cache.keep((2, "en"), Rc::new("book 2".into()));
        assert_eq!(cache.get(&(1, "en")), None);
        assert_eq!(cache.get(&(2, "en")).as_deref().map(String::as_str), Some("book 2"));
    }

    #[test]
    fn carries_a_changed_value_to_the_next_key_only_from_its_own() {
        let cache: Cached<u64, Vec<u32>> = Cached::new();
        let held = Rc::new(vec![1]);
        cache.keep(7, held.clone());
        cache.carry(&6, 8, |v| v.push(99));
        assert_eq!(cache.get(&7).as_deref(), Some(&vec![1]));
        cache.carry(&7, 8, |v| v.push(2));
        assert_eq!(cache.get(&7), None);
        assert_eq!(cache.get(&8).as_deref(), Some(&vec![1, 2]));
        // The page's copy is left as it was read.
        assert_eq!(*held, vec![1]);
    }
}
