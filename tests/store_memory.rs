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

/// Rewrites the backup fixture that `a_backup_file_is_the_same_on_every_store` compares with,
/// after an intended change: `cargo test --test store_memory -- --ignored write_backup_fixture`.
#[test]
#[ignore]
fn write_backup_fixture() {
    let file = pollster::block_on(conformance::every_kind_file(&MemoryStore::new()));
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/backup/every-kind.json"), file).unwrap();
}
