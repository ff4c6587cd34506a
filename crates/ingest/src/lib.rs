//! Reading documents: files and standard input in, [`RawDocument`]s out.
//!
//! The one crate of hoptac's pipeline that touches the file system. It
//! walks directories, decodes UTF-8 (or refuses with the byte offset of
//! the first bad byte), pulls the main text, title, date and canonical URL
//! out of HTML, front matter out of Markdown, and one document per line out
//! of JSON Lines. It also computes what identifies a document: the hash of
//! its normalised text ([`content_id`]) and a MinHash signature for
//! near-duplicates ([`dedup`]).
//!
//! Errors never stop a batch: [`read_inputs`] returns one result per
//! document or per failure, each failure naming its file and place.
#![deny(missing_docs)]

pub mod dedup;
mod html;
mod markdown;

use hoptac_model::{DocumentMeta, Lang};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use dedup::{content_id, MinHash};

/// A document as read, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    /// Where it came from, as the user named it (`file.jsonl:3` for a line).
    pub source: String,
    /// The text as read: facts' spans index this string.
    pub text: String,
    /// Title, URL, date, language, when the source gave them.
    pub meta: DocumentMeta,
    /// The format it was read as.
    pub format: Format,
    /// Size of the input in bytes (the whole file for HTML, the line for JSONL).
    pub bytes: usize,
}

/// The input formats hoptac reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown, with optional front matter.
    Markdown,
    /// An HTML page.
    Html,
    /// JSON Lines, one document per line.
    JsonLines,
}

impl Format {
    /// Guess from a file name; `None` for names hoptac does not read when
    /// walking a directory.
    pub fn from_path(p: &Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => return None,
        })
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::JsonLines => "jsonl",
        }
    }
}

/// How to read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the file.
    pub lossy: bool,
    /// Refuse files larger than this many bytes.
    pub max_bytes: u64,
    /// Metadata given on the command line; it fills what a file leaves out.
    pub defaults: DocumentMeta,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lossy: false,
            max_bytes: DEFAULT_MAX_BYTES,
            defaults: DocumentMeta::default(),
        }
    }
}

/// News articles are kilobytes; 32 MiB leaves room for long reports and
/// JSON Lines batches while refusing runaway inputs.
pub const DEFAULT_MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Why an input could not be read. `Display` names the source and place.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// The file (or `file:line`) as the user named it.
    pub source: String,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

/// The kinds of [`ReadError`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The path does not exist.
    NotFound,
    /// The operating system refused (permissions, a symlink loop...).
    Io(String),
    /// Bytes that are not UTF-8, at this offset.
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// NUL or many control bytes: not a text document.
    Binary,
    /// Nothing but white space.
    Empty,
    /// Over the size limit.
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A line of JSON Lines that does not parse or lacks `text`.
    BadJson(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.source)?;
        match &self.kind {
            ReadErrorKind::NotFound => write!(f, "no such file or directory"),
            ReadErrorKind::Io(e) => write!(f, "{e}"),
            ReadErrorKind::InvalidUtf8 { offset } => write!(
                f,
                "invalid UTF-8 at byte {offset} (hoptac reads UTF-8; --lossy replaces bad bytes with U+FFFD)"
            ),
            ReadErrorKind::Binary => write!(f, "binary data, not a text document"),
            ReadErrorKind::Empty => write!(f, "empty document (no text)"),
            ReadErrorKind::TooLarge { size, limit } => write!(
                f,
                "{:.1} MiB is over the limit of {:.1} MiB per file (raise it with --max-size)",
                *size as f64 / 1048576.0,
                *limit as f64 / 1048576.0
            ),
            ReadErrorKind::BadJson(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

fn err(source: impl Into<String>, kind: ReadErrorKind) -> ReadError {
    ReadError {
        source: source.into(),
        kind,
    }
}

/// Read every input: files, directories (walked recursively, following
/// links, loops reported) and `-` for standard input. One result per
/// document or per failure, in a stable order.
pub fn read_inputs(inputs: &[PathBuf], opts: &ReadOptions) -> Vec<Result<RawDocument, ReadError>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut buf = Vec::new();
            match std::io::stdin()
                .lock()
                .take(opts.max_bytes + 1)
                .read_to_end(&mut buf)
            {
                Ok(_) if buf.len() as u64 > opts.max_bytes => out.push(Err(err(
                    "<stdin>",
                    ReadErrorKind::TooLarge {
                        size: buf.len() as u64,
                        limit: opts.max_bytes,
                    },
                ))),
                Ok(_) => out.extend(parse_bytes("<stdin>", &buf, sniff(&buf), opts)),
                Err(e) => out.push(Err(err("<stdin>", ReadErrorKind::Io(e.to_string())))),
            }
            continue;
        }
        let shown = input.display().to_string();
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink also lands here.
                out.push(Err(err(shown, ReadErrorKind::NotFound)));
                continue;
            }
            Err(e) => {
                out.push(Err(err(shown, ReadErrorKind::Io(e.to_string()))));
                continue;
            }
        };
        if meta.is_dir() {
            walk_dir(input, opts, &mut out);
        } else {
            // Named explicitly: read it whatever its extension.
            let fmt = Format::from_path(input).unwrap_or(Format::Text);
            out.extend(read_file(input, fmt, opts));
        }
    }
    out
}

fn walk_dir(dir: &Path, opts: &ReadOptions, out: &mut Vec<Result<RawDocument, ReadError>>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Some(fmt) = Format::from_path(e.path()) {
                    out.extend(read_file(e.path(), fmt, opts));
                }
            }
            Ok(_) => {}
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                };
                out.push(Err(err(at, ReadErrorKind::Io(msg))));
            }
        }
    }
}

/// Read one file as `fmt`.
pub fn read_file(
    path: &Path,
    fmt: Format,
    opts: &ReadOptions,
) -> Vec<Result<RawDocument, ReadError>> {
    let shown = path.display().to_string();
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return vec![Err(err(shown, ReadErrorKind::Io(e.to_string())))],
    };
    if size > opts.max_bytes {
        return vec![Err(err(
            shown,
            ReadErrorKind::TooLarge {
                size,
                limit: opts.max_bytes,
            },
        ))];
    }
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(&shown, &bytes, fmt, opts),
        Err(e) => vec![Err(err(shown, ReadErrorKind::Io(e.to_string())))],
    }
}

/// Guess the format of bytes with no file name.
fn sniff(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Format::Html
    } else if head.starts_with("---\n") {
        Format::Markdown
    } else if head.starts_with('{') {
        Format::JsonLines
    } else {
        Format::Text
    }
}

/// Parse bytes already in memory as `fmt`.
pub fn parse_bytes(
    source: &str,
    bytes: &[u8],
    fmt: Format,
    opts: &ReadOptions,
) -> Vec<Result<RawDocument, ReadError>> {
    if looks_binary(bytes) {
        return vec![Err(err(source, ReadErrorKind::Binary))];
    }
    let text = match decode(bytes, opts.lossy) {
        Ok(t) => t,
        Err(offset) => return vec![Err(err(source, ReadErrorKind::InvalidUtf8 { offset }))],
    };
    // A byte-order mark is not part of the text.
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    match fmt {
        Format::JsonLines => read_jsonl(source, &text, opts),
        _ => {
            let (body, meta) = match fmt {
                Format::Html => html::read(&text),
                Format::Markdown => markdown::read(&text),
                _ => (text, DocumentMeta::default()),
            };
            vec![finish(
                source.to_string(),
                body,
                meta,
                fmt,
                bytes.len(),
                opts,
            )]
        }
    }
}

fn finish(
    source: String,
    text: String,
    meta: DocumentMeta,
    format: Format,
    bytes: usize,
    opts: &ReadOptions,
) -> Result<RawDocument, ReadError> {
    if text.trim().is_empty() {
        return Err(err(source, ReadErrorKind::Empty));
    }
    let d = &opts.defaults;
    let meta = DocumentMeta {
        title: meta.title.or_else(|| d.title.clone()),
        url: meta.url.or_else(|| d.url.clone()),
        // The command line wins over the file for date and language: it is
        // how a user corrects a page whose metadata is wrong.
        published: d.published.or(meta.published),
        lang: d.lang.or(meta.lang),
    };
    Ok(RawDocument {
        source,
        text,
        meta,
        format,
        bytes,
    })
}

fn decode(bytes: &[u8], lossy: bool) -> Result<String, usize> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(e) => Err(e.valid_up_to()),
    }
}

/// NUL bytes, or more than 10% control bytes in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 10 > head.len().max(1)
}

#[derive(serde::Deserialize)]
struct JsonDoc {
    text: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    lang: Option<String>,
}

fn read_jsonl(source: &str, text: &str, opts: &ReadOptions) -> Vec<Result<RawDocument, ReadError>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{source}:{}", n + 1);
        let doc: JsonDoc = match serde_json::from_str(line) {
            Ok(d) => d,
            Err(e) => {
                out.push(Err(err(
                    at,
                    ReadErrorKind::BadJson(format!("not a JSON object: {e}")),
                )));
                continue;
            }
        };
        let Some(body) = doc.text else {
            out.push(Err(err(
                at,
                ReadErrorKind::BadJson("no \"text\" field".into()),
            )));
            continue;
        };
        let published = match doc.published.as_deref().map(parse_date) {
            Some(None) => {
                out.push(Err(err(
                    at,
                    ReadErrorKind::BadJson(format!(
                        "\"published\" is {:?}, expected YYYY-MM-DD",
                        doc.published.unwrap_or_default()
                    )),
                )));
                continue;
            }
            Some(d) => d,
            None => None,
        };
        let lang = doc.lang.as_deref().and_then(|l| l.parse::<Lang>().ok());
        let meta = DocumentMeta {
            title: doc.title,
            url: doc.url,
            published,
            lang,
        };
        out.push(finish(at, body, meta, Format::JsonLines, line.len(), opts));
    }
    if out.is_empty() {
        out.push(Err(err(source, ReadErrorKind::Empty)));
    }
    out
}

/// Parse the date at the start of an ISO-8601 date or date-time.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str, text: &str, fmt: Format) -> Vec<Result<RawDocument, ReadError>> {
        parse_bytes(src, text.as_bytes(), fmt, &ReadOptions::default())
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let r = parse_bytes(
            "a.txt",
            b"Vi\xe1\xbb\x87t \xff nam",
            Format::Text,
            &ReadOptions::default(),
        );
        let e = r[0].clone().unwrap_err();
        assert_eq!(e.kind, ReadErrorKind::InvalidUtf8 { offset: 7 });
        assert!(e.to_string().starts_with("a.txt: invalid UTF-8 at byte 7"));
        let lossy = ReadOptions {
            lossy: true,
            ..Default::default()
        };
        let ok = parse_bytes("a.txt", b"Viet \xff nam", Format::Text, &lossy);
        assert_eq!(ok[0].as_ref().unwrap().text, "Viet \u{fffd} nam");
    }

    #[test]
    fn binary_and_empty() {
        let r = parse_bytes(
            "b.bin",
            b"\x00\x01\x02abc",
            Format::Text,
            &ReadOptions::default(),
        );
        assert_eq!(r[0].as_ref().unwrap_err().kind, ReadErrorKind::Binary);
        let r = parse("e.txt", " \n\t\n", Format::Text);
        assert_eq!(r[0].as_ref().unwrap_err().kind, ReadErrorKind::Empty);
    }

    #[test]
    fn jsonl_lines_fail_alone() {
        let t = "{\"text\":\"Một\",\"published\":\"2024-06-25\",\"lang\":\"vi\"}\nnot json\n{\"title\":\"x\"}\n{\"text\":\"Two\",\"published\":\"25/6\"}\n";
        let r = parse("d.jsonl", t, Format::JsonLines);
        assert_eq!(r.len(), 4);
        let d = r[0].as_ref().unwrap();
        assert_eq!(d.source, "d.jsonl:1");
        assert_eq!(d.meta.published, parse_date("2024-06-25"));
        assert!(r[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("d.jsonl:2: not a JSON object"));
        assert!(r[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no \"text\""));
        assert!(r[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("expected YYYY-MM-DD"));
    }

    #[test]
    fn defaults_fill_and_override() {
        let opts = ReadOptions {
            defaults: DocumentMeta {
                published: parse_date("2025-10-26"),
                ..Default::default()
            },
            ..Default::default()
        };
        let r = parse_bytes(
            "x.md",
            b"---\ntitle: T\npublished: 2020-01-01\n---\nBody",
            Format::Markdown,
            &opts,
        );
        let d = r[0].as_ref().unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("T"));
        assert_eq!(d.meta.published, parse_date("2025-10-26"));
        assert_eq!(d.text, "Body");
    }
}
