//! Markdown: an optional front-matter block, then the body as written.
//!
//! ```text
//! ---
//! title: Headline
//! published: 2025-10-26
//! url: https://example.org/story
//! lang: vi
//! ---
//! Body...
//! ```
//! The stored text is the body after the block, unchanged (Markdown marks
//! included), so spans index exactly what follows the front matter.

use hoptac_model::{DocumentMeta, Lang};

pub(crate) fn read(text: &str) -> (String, DocumentMeta) {
    let mut meta = DocumentMeta::default();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (text.to_string(), meta);
    };
    // The block ends at a line that is exactly "---".
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((block_end, body_start)) = end else {
        return (text.to_string(), meta);
    };
    for line in rest[..block_end].lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
        if v.is_empty() {
            continue;
        }
        match k.trim().to_ascii_lowercase().as_str() {
            "title" => meta.title = Some(v),
            "url" | "canonical" | "source" => meta.url = Some(v),
            "published" | "date" => meta.published = crate::parse_date(&v),
            "lang" | "language" => meta.lang = v.parse::<Lang>().ok(),
            _ => {}
        }
    }
    let body = rest[body_start..].trim_start_matches(['\n', '\r']);
    (body.to_string(), meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        let (body, m) = read("---\ntitle: \"Tin: Hội nghị\"\npublished: 2025-10-26\nlang: vi\nurl: https://e.org/x\n---\n\nNội dung.\n");
        assert_eq!(body, "Nội dung.\n");
        assert_eq!(m.title.as_deref(), Some("Tin: Hội nghị"));
        assert_eq!(m.lang, Some(Lang::Vi));
        assert_eq!(m.url.as_deref(), Some("https://e.org/x"));
        assert_eq!(m.published.unwrap().to_string(), "2025-10-26");
    }

    #[test]
    fn no_front_matter_or_unclosed() {
        assert_eq!(read("# Title\nText").0, "# Title\nText");
        assert_eq!(read("---\ntitle: x\nno end").0, "---\ntitle: x\nno end");
    }
}
