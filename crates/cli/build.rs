//! Embed the sample articles (`data/samples`) in the binary, so `hoptac
//! demo` works from any directory, with no file to find at run time.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.is_file()
            && matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "html" | "htm" | "jsonl")
            )
            && p.file_name().is_some_and(|n| n != "README.md")
    });
    files.sort();
    let mut out = String::from(
        "/// The sample articles: (file name, bytes).\npub const SAMPLES: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let canon = f.canonicalize().expect("sample path");
        println!("cargo:rerun-if-changed={}", canon.display());
        out.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            f.file_name().unwrap().to_string_lossy(),
            canon.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("samples.rs");
    std::fs::write(dest, out).expect("write samples.rs");
}
