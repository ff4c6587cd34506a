//! Embed every gazetteer file of `data/gazetteer/*.csv` in the library, so
//! the binary carries its knowledge and a new file needs no code change.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "csv"));
    files.sort();
    let mut out = String::from("/// The project's gazetteer files: (file name, contents).\npub const BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        let canon = f.canonicalize().expect("gazetteer path");
        println!("cargo:rerun-if-changed={}", canon.display());
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f.file_name().unwrap().to_string_lossy(),
            canon.display().to_string()
        ));
    }
    out.push_str("];\n");
    std::fs::write(
        Path::new(&std::env::var("OUT_DIR").unwrap()).join("gazetteer_files.rs"),
        out,
    )
    .expect("write");
}
