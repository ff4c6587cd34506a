//! `ingest`: the file readers (text, Markdown, HTML, JSON Lines) through
//! `hoptac_ingest::parse_bytes`, the entry shared by files on the command
//! line, the watcher and the server's uploads.

use hoptac_ingest::{parse_bytes, Format, MinHash, ReadOptions};

const SOURCE: &str = "fuzz-input";

/// First byte: the format (bits 0-1) and `--lossy` (bit 2); the rest is
/// the file.
pub fn ingest(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let fmt = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::JsonLines,
    ][usize::from(sel & 3)];
    let opts = ReadOptions {
        lossy: sel & 4 != 0,
        ..ReadOptions::default()
    };
    let out = parse_bytes(SOURCE, bytes, fmt, &opts);
    assert!(!out.is_empty(), "a file gives a document or an error");
    let lines = bytes.split(|&b| b == b'\n').count();
    for r in &out {
        match r {
            Ok(d) => {
                check_source(&d.source, fmt, lines);
                assert_eq!(d.format, fmt);
                assert!(!d.text.trim().is_empty(), "an empty document was returned");
                // What identifies a document must work on whatever was read.
                hoptac_ingest::content_id(&d.text);
                let sig = MinHash::of(&d.text);
                assert_eq!(MinHash::from_bytes(&sig.to_bytes()).as_ref(), Some(&sig));
            }
            Err(e) => {
                check_source(&e.source, fmt, lines);
                let msg = e.to_string();
                assert!(
                    msg.contains(&e.source),
                    "error {msg:?} does not name its place"
                );
            }
        }
    }
    // Plain text is read as is (less a byte-order mark).
    if fmt == Format::Text {
        if let (Ok(s), [Ok(d)]) = (std::str::from_utf8(bytes), out.as_slice()) {
            assert_eq!(d.text, s.strip_prefix('\u{feff}').unwrap_or(s));
        }
    }
}

/// Results name the input, and a JSON Lines result the line it came from.
fn check_source(source: &str, fmt: Format, lines: usize) {
    let rest = source
        .strip_prefix(SOURCE)
        .unwrap_or_else(|| panic!("result source {source:?} does not name the input"));
    if let Some(n) = rest.strip_prefix(':') {
        assert_eq!(
            fmt,
            Format::JsonLines,
            "only JSON Lines results name a line"
        );
        let n: usize = n.parse().expect("a line number");
        assert!(n >= 1 && n <= lines, "line {n} of {lines}");
    } else {
        assert!(rest.is_empty(), "result source {source:?}");
    }
}
