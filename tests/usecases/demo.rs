//! Filling the Demo workspace: batch by batch with progress, then the grade history, and the
//! settings that mark it complete last.

use super::*;
use kehu::demo::DemoSize;

#[test]
fn a_demo_fills_batch_by_batch_and_is_marked_complete_only_by_its_last_write() {
    let store = Recorder::default();
    let mut heard = Vec::new();
    let between = |done, total| {
        heard.push((done, total));
        std::future::ready(())
    };
    run(usecases::demo::fill(&store, &mut context(None, 1), DemoSize::Demo, 7, between)).unwrap();
    let writes = store.writes();
    let (last, (done, total)) = (writes.last().unwrap(), *heard.last().unwrap());
    assert_eq!(done, total, "progress ends complete");
    assert!(heard.windows(2).all(|w| w[0].0 < w[1].0), "progress only grows: {heard:?}");
    assert_eq!(writes.len(), heard.len() + 2, "one write a batch, the grade history, then the marker");
    let marker = Batch::new()
        .put(Setting { key: "demo.generated".into(), value: format!("\"{}\"", today()) })
        .put(Setting { key: "demo.size".into(), value: "\"demo\"".into() });
    assert_eq!(*last, marker);
    let earlier_settings: Vec<&AnyRecord> = writes[..writes.len() - 1]
        .iter()
        .flat_map(|batch| batch.puts.iter().map(|p| &p.record))
        .filter(|r| matches!(r, AnyRecord::Setting(s) if s.key.starts_with("demo.")))
        .collect();
    assert_eq!(earlier_settings, Vec::<&AnyRecord>::new(), "no write but the last marks the demo");
    let history = &writes[writes.len() - 2];
    assert!(history.puts.iter().any(|p| matches!(p.record, AnyRecord::GradeSnapshot(_))), "the grade history");
    let customers = writes.iter().flat_map(|b| &b.puts).filter(|p| matches!(p.record, AnyRecord::Customer(_))).count();
    assert!(customers > 100, "a demo has customers to show: {customers}");
}
