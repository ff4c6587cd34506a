//! Criterion benchmarks of the extraction pipeline on the project's own
//! sample articles (`data/samples`): the text layer alone, the gazetteer
//! scan, and one document through the whole pipeline. The result is
//! checked inside the timed loop so the work cannot be optimised away.
//! Throughput on a 100 MiB corpus is `hoptac bench` (see BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use hoptac_extract::Extractor;
use hoptac_model::DocumentMeta;
use std::hint::black_box;

fn samples() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/samples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    v.sort();
    v.into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = samples();
    assert!(!docs.is_empty(), "no samples");
    let all = docs.join("\n\n");
    let ex = Extractor::builtin();
    let meta = DocumentMeta {
        published: chrono::NaiveDate::from_ymd_opt(2025, 10, 26),
        ..Default::default()
    };

    let mut g = c.benchmark_group("samples");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("fold+sentences+tokens", |b| {
        b.iter(|| {
            let f = hoptac_text::Folded::new(black_box(&all));
            let n = hoptac_text::sentences(&all).len() + hoptac_text::tokens(&all).len();
            assert!(n > 0 && !f.as_str().is_empty());
        })
    });
    g.bench_function("gazetteer scan", |b| {
        b.iter(|| {
            let f = hoptac_text::Folded::new(black_box(&all));
            assert!(!ex.gazetteer().find(&all, &f).is_empty());
        })
    });
    g.bench_function("whole pipeline", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| ex.analyze(black_box(d), &meta).facts.len())
                .sum();
            assert!(n > 0);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
