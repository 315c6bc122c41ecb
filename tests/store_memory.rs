//! The store conformance suite against the in-memory twin.

mod conformance;

use kehu::store::memory::MemoryStore;

macro_rules! memory_cases {
    ($($case:ident),+ $(,)?) => {
        $(
            #[test]
            fn $case() {
                pollster::block_on(conformance::$case(&MemoryStore::new()));
            }
        )+
    };
}

conformance_cases!(memory_cases);
