//! Keeps the code map true: the layering and folder rules ARCHITECTURE.md states, read off the
//! source tree as text, so a change that breaks one fails `cargo test` naming the file and line.

use std::fs;
use std::path::{Path, PathBuf};

/// Longest a source file may grow before it should be split.
const MAX_LINES: usize = 800;

/// Files allowed past [`MAX_LINES`], each with why splitting it would not help a reader.
const LONG_FILES: &[(&str, &str)] = &[
    ("src/domain/xlsx.rs", "one file format: the reader and the writer share its part names and cell encoding"),
    ("src/domain/customers/query.rs", "one index and its query; half of it is the table of search cases"),
    ("src/domain/import/customers.rs", "one row conversion; half of it is the table of per-column error cases"),
    ("tests/usecases/main.rs", "one suite: every use case's exact batch, sharing one recording store and fixtures"),
];

/// Words a pure module may not use: a browser API, the framework, the clock, or translation.
const IMPURE: &[&str] =
    &["leptos", "web_sys", "wasm_bindgen", "js_sys", "crate::i18n", "SystemTime", "Instant::now", "performance_now"];

struct Source {
    /// Relative to the repository, with `/` separators.
    path: String,
    text: String,
}

impl Source {
    /// `(line number, line)` of every line that is code, not a comment.
    fn code_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line))
            .filter(|(_, line)| !line.trim_start().starts_with("//"))
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(folder: &str) -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(Source { path: relative, text: fs::read_to_string(&path).unwrap() });
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(folder), &root(), &mut out);
    out
}

/// Every code line of the files under `folder` that names one of `forbidden`, as `path:line: text`.
fn mentions(folder: &str, forbidden: &[&str]) -> Vec<String> {
    rust_files(folder)
        .iter()
        .flat_map(|file| {
            file.code_lines()
                .filter(|(_, line)| forbidden.iter().any(|word| line.contains(word)))
                .map(|(n, line)| format!("{}:{n}: {}", file.path, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn domain_and_demo_are_pure() {
    let mut forbidden = IMPURE.to_vec();
    forbidden.extend(["crate::state", "crate::store", "crate::ui", "crate::usecases", "crate::demo"]);
    for folder in ["src/domain", "src/demo"] {
        assert_eq!(mentions(folder, &forbidden), Vec::<String>::new(), "{folder} must stay pure");
    }
}

#[test]
fn use_cases_run_natively_without_the_browser_or_the_clock() {
    let mut forbidden = IMPURE.to_vec();
    forbidden.extend(["crate::state", "crate::ui"]);
    assert_eq!(mentions("src/usecases", &forbidden), Vec::<String>::new());
}

#[test]
fn layers_point_one_way() {
    for (folder, above) in
        [("src/store", &["crate::state", "crate::ui", "crate::usecases"][..]), ("src/state", &["crate::ui"][..])]
    {
        assert_eq!(mentions(folder, above), Vec::<String>::new(), "{folder} may not use a layer above it");
    }
}

#[test]
fn pages_reach_the_store_only_through_state() {
    assert_eq!(mentions("src/ui", &["crate::store", "IdbStore", "MemoryStore"]), Vec::<String>::new());
}

#[test]
fn pages_spawn_no_tasks_of_their_own() {
    // Reads go through `AppState::watch`, writes through `kit::Write` (an `Action`): a task
    // spawned by hand has no pending state to disable its button and no place for its failure.
    assert_eq!(mentions("src/ui", &["spawn_local"]), Vec::<String>::new());
}

/// The feature a page file belongs to: `src/ui/pages/<feature>/…` or `src/ui/pages/<feature>.rs`.
fn feature_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("src/ui/pages/")?;
    let first = rest.split('/').next()?;
    (first != "mod.rs").then(|| first.trim_end_matches(".rs"))
}

#[test]
fn no_page_imports_another_feature() {
    let pages = rust_files("src/ui/pages");
    let features: Vec<&str> = pages.iter().filter_map(|f| feature_of(&f.path)).collect();
    assert!(features.len() > 10, "pages are where the codemap says: {features:?}");
    let mut crossings = Vec::new();
    for file in &pages {
        let Some(own) = feature_of(&file.path) else { continue };
        for (n, line) in file.code_lines() {
            let names_other = features.iter().any(|other| *other != own && line.contains(&format!("pages::{other}")));
            if names_other || line.contains("super::super") {
                crossings.push(format!("{}:{n}: {}", file.path, line.trim()));
            }
        }
    }
    assert_eq!(crossings, Vec::<String>::new(), "shared views belong in ui/, not in another feature's folder");
}

#[test]
fn every_source_file_says_what_it_is() {
    let undocumented: Vec<String> = ["src", "tests"]
        .iter()
        .flat_map(|folder| rust_files(folder))
        .filter(|file| !file.text.starts_with("//!"))
        .map(|file| file.path)
        .collect();
    assert_eq!(undocumented, Vec::<String>::new(), "each file starts with a `//!` line");
}

#[test]
fn source_files_stay_short() {
    let mut too_long = Vec::new();
    for file in ["src", "tests"].iter().flat_map(|folder| rust_files(folder)) {
        let lines = file.text.lines().count();
        let listed = LONG_FILES.iter().any(|(path, _)| *path == file.path);
        if lines > MAX_LINES && !listed {
            too_long.push(format!("{} has {lines} lines", file.path));
        }
        if listed && lines <= MAX_LINES {
            too_long.push(format!("{} is listed in LONG_FILES but has only {lines} lines", file.path));
        }
    }
    assert_eq!(too_long, Vec::<String>::new(), "split it, or list it in LONG_FILES with a reason");
}

/// Every folder of `src/` and every path ARCHITECTURE.md names: the map and the tree agree.
#[test]
fn the_codemap_names_every_folder_and_only_real_paths() {
    let map = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut folders = Vec::new();
    for file in rust_files("src") {
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            if !folders.contains(&folder.to_owned()) {
                folders.push(folder.to_owned());
            }
        }
    }
    let missing: Vec<&String> = folders.iter().filter(|f| !map.contains(&format!("`{f}/`"))).collect();
    assert_eq!(missing, Vec::<&String>::new(), "ARCHITECTURE.md must name every folder of src/ as `path/`");

    let named: Vec<&str> = map
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.starts_with("src/") || quoted.starts_with("tests/") || quoted.starts_with("tools/"))
        .collect();
    let absent: Vec<&&str> = named.iter().filter(|path| !root().join(path.trim_end_matches('/')).exists()).collect();
    assert_eq!(absent, Vec::<&&str>::new(), "ARCHITECTURE.md names paths that do not exist");
}

#[test]
fn feature_of_reads_the_page_folder() {
    for (path, feature) in [
        ("src/ui/pages/customers/detail.rs", Some("customers")),
        ("src/ui/pages/dashboard.rs", Some("dashboard")),
        ("src/ui/pages/mod.rs", None),
        ("src/ui/labels.rs", None),
    ] {
        assert_eq!(feature_of(path), feature, "{path}");
    }
}

/// Every section of docs/domain.md that a comment cites exists there.
#[test]
fn every_cited_domain_rule_resolves() {
    // Split, so this file does not cite itself.
    let citation = concat!("docs/domain.md ", "§");
    let rules = fs::read_to_string(root().join("docs/domain.md")).unwrap();
    let mut unresolved = Vec::new();
    for file in ["src", "tests", "examples"].iter().flat_map(|folder| rust_files(folder)) {
        for (n, line) in file.text.lines().enumerate() {
            for cited in line.split(citation).skip(1) {
                let section: String = cited.chars().take_while(char::is_ascii_digit).collect();
                if section.is_empty() || !rules.contains(&format!("\n## §{section} ")) {
                    unresolved.push(format!("{}:{}: §{section}", file.path, n + 1));
                }
            }
        }
    }
    assert_eq!(unresolved, Vec::<String>::new(), "cited sections missing from docs/domain.md");
}

/// Whether `line` turns an error into text with `.to_string()`: the browser's English words
/// would reach the user, where `ui::errors::error_text` names the kind in their language.
fn shows_raw_error(line: &str) -> bool {
    line.match_indices(".to_string()").any(|(at, _)| {
        let receiver: String =
            line[..at].chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        matches!(receiver.as_str(), "rorre" | "rre" | "e")
    })
}

#[test]
fn shows_raw_error_reads_the_receiver() {
    for (line, raw) in [
        ("failure.set(Some(error.to_string()));", true),
        (".map_err(|e| e.to_string())?", true),
        ("Err(err) => err.to_string(),", true),
        ("let id = value.to_string();", false),
        ("(i.to_string(), name)", false),
        ("self.store_error.to_string()", false),
        ("let text = error_text(tr, &error);", false),
    ] {
        assert_eq!(shows_raw_error(line), raw, "{line}");
    }
}

#[test]
fn the_ui_words_errors_by_their_kind() {
    let raw: Vec<String> = rust_files("src/ui")
        .iter()
        .flat_map(|file| {
            file.code_lines()
                .filter(|(_, line)| shows_raw_error(line))
                .map(|(n, line)| format!("{}:{n}: {}", file.path, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(raw, Vec::<String>::new(), "show an error through ui::errors::error_text, not its English text");
}
