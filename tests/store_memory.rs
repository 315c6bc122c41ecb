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

/// The backup fixture that `a_backup_file_is_the_same_on_every_store` compares every store with
/// is what the in-memory store writes. After an intended change of the format, rewrite it with
/// `KEHU_WRITE_FIXTURES=1 cargo test --test store_memory backup_fixture`.
#[test]
fn backup_fixture_is_current() {
    let file = pollster::block_on(conformance::every_kind_file(&MemoryStore::new()));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/backup/every-kind.json");
    if std::env::var_os("KEHU_WRITE_FIXTURES").is_some() {
        std::fs::write(path, file).unwrap();
    } else {
        assert!(std::fs::read(path).unwrap() == file, "{path} is out of date: see this test's docs");
    }
}
