//! Bytes from the web to text: which character set, decoded, NFC.
//!
//! Older Vietnamese sites still serve Windows-1258, and many declare a
//! charset their bytes do not use. The order of trust:
//!
//! 1. A byte-order mark.
//! 2. Bytes that are valid UTF-8 are UTF-8, whatever is declared: a legacy
//!    single-byte page almost never happens to be valid UTF-8, while a
//!    UTF-8 page under a stale `windows-1258` or `iso-8859-1` declaration
//!    is common.
//! 3. The declaration (HTTP `Content-Type`, then `<meta charset>` /
//!    `http-equiv`, then the XML declaration), if the bytes decode under it
//!    without error. A declared `windows-1252`/`iso-8859-1` (the HTTP
//!    default many servers send without thinking) gives way when the
//!    detector is sure of another single-byte set, such as Windows-1258.
//! 4. Otherwise the detector (chardetng), told the site's top-level domain.
//!
//! Windows-1258 writes most tone marks as combining characters after the
//! letter ("e" + U+0301), so decoded text is normalised to NFC: "é" is one
//! character, as in every other source and in the gazetteer.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use unicode_normalization::UnicodeNormalization;

/// Text decoded from bytes, and how the character set was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, NFC-normalised.
    pub text: String,
    /// The character set used.
    pub encoding: &'static Encoding,
    /// Why that one: `bom`, `utf-8`, `declared`, `detected`.
    pub how: &'static str,
    /// The declared charset when it was not followed.
    pub overruled: Option<String>,
}

/// Decode a response body. `content_type` is the HTTP header, `host` the
/// site's host name (its top-level domain guides detection).
pub fn decode(bytes: &[u8], content_type: Option<&str>, host: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(&text, enc, "bom", None);
    }
    let declared_label = content_type
        .and_then(charset_param)
        .or_else(|| declared_in_document(bytes));
    let declared = declared_label
        .as_deref()
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    if let Ok(s) = std::str::from_utf8(bytes) {
        let overruled = declared_label.filter(|_| declared.is_some_and(|d| d != UTF_8));
        return finish(s, UTF_8, "utf-8", overruled);
    }
    let guess = detect(bytes, host);
    match declared {
        // UTF-8 declared, but the bytes are not UTF-8: the declaration is wrong.
        Some(enc) if enc == UTF_8 => {}
        Some(enc) => {
            let gives_way = enc == WINDOWS_1252 && guess != WINDOWS_1252 && guess.is_single_byte();
            if !gives_way {
                if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                    return finish(&text, enc, "declared", None);
                }
            }
        }
        None => {}
    }
    let (text, _) = guess.decode_without_bom_handling(bytes);
    finish(&text, guess, "detected", declared_label)
}

fn finish(
    text: &str,
    encoding: &'static Encoding,
    how: &'static str,
    overruled: Option<String>,
) -> Decoded {
    Decoded {
        text: text.nfc().collect(),
        encoding,
        how,
        overruled,
    }
}

fn detect(bytes: &[u8], host: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // chardetng panics on a TLD with upper case, dots or non-ASCII: pass
    // only a clean last label.
    let tld = host
        .filter(|h| h.parse::<std::net::IpAddr>().is_err() && !h.starts_with('['))
        .and_then(|h| h.rsplit('.').next())
        .map(str::to_ascii_lowercase)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    det.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    )
}

/// `text/html; charset="windows-1258"` → `windows-1258`.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!v.is_empty()).then(|| v.to_ascii_lowercase())
    })
}

/// `<meta charset=...>`, `<meta http-equiv=Content-Type content="...; charset=...">`
/// or `<?xml ... encoding="..."?>` in the first 2 KiB.
fn declared_in_document(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    // Labels are ASCII; reading the head as Latin-1 keeps byte offsets.
    let head: String = head
        .iter()
        .map(|&b| (b as char).to_ascii_lowercase())
        .collect();
    if head.trim_start().starts_with("<?xml") {
        let decl = &head[..head.find("?>").unwrap_or(head.len())];
        if let Some(i) = decl.find("encoding") {
            return quoted_value(&decl[i + "encoding".len()..]);
        }
    }
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |j| start + j);
        let tag = &head[start..end];
        if let Some(j) = tag.find("charset") {
            let rest = tag[j + "charset".len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let v: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    .collect();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        from = end;
    }
    None
}

fn quoted_value(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('=')?.trim_start();
    let q = s.chars().next()?;
    if q != '"' && q != '\'' {
        return None;
    }
    let v: String = s[1..].chars().take_while(|&c| c != q).collect();
    (!v.trim().is_empty()).then(|| v.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encode as a Windows-1258 site would: a precomposed letter when the
    /// code page has one, else the letter and its tone as a combining mark.
    pub(crate) fn cp1258(s: &str) -> Vec<u8> {
        let enc = encoding_rs::WINDOWS_1258;
        let mut out = Vec::new();
        for c in s.chars() {
            let one = c.to_string();
            let (b, _, bad) = enc.encode(&one);
            if !bad {
                out.extend_from_slice(&b);
                continue;
            }
            let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
            let (mark, base): (String, String) = one.nfd().partition(|m| tones.contains(m));
            let split: String = base.nfc().chain(mark.chars()).collect();
            let (b, _, bad) = enc.encode(&split);
            assert!(!bad, "not encodable: {c}");
            out.extend_from_slice(&b);
        }
        out
    }

    const VI: &str = "Thủ tướng Phạm Minh Chính dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28 tại Kuala Lumpur, Ma-lai-xi-a.";

    #[test]
    fn declared_windows_1258_decodes_to_nfc() {
        let bytes = cp1258(VI);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes, Some("text/html; charset=windows-1258"), None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1258);
        assert_eq!(d.how, "declared");
        assert_eq!(d.text, VI);
        // "ủ" is one precomposed character after NFC.
        assert!(d.text.contains('\u{1ee7}'));
        assert!(!d.text.chars().any(|c| ('\u{300}'..='\u{323}').contains(&c)));
    }

    #[test]
    fn utf8_declared_but_windows_1258_sent_is_detected() {
        let mut page = b"<html><head><meta charset=\"utf-8\"></head><body><p>".to_vec();
        page.extend(cp1258(VI));
        page.extend(cp1258(" Hai bên nhất trí tăng cường hợp tác về chuyển đổi số, năng lượng và ứng phó biến đổi khí hậu."));
        page.extend(b"</p></body></html>");
        let d = decode(&page, Some("text/html"), Some("baomoi.example.vn"));
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1258, "{}", d.text);
        assert_eq!(d.how, "detected");
        assert_eq!(d.overruled.as_deref(), Some("utf-8"));
        assert!(d.text.contains(VI));
    }

    #[test]
    fn latin1_declared_for_vietnamese_bytes_gives_way() {
        let mut page = cp1258(VI);
        page.extend(cp1258(
            " Hai bên nhất trí tăng cường hợp tác về chuyển đổi số.",
        ));
        let d = decode(
            &page,
            Some("text/html; charset=ISO-8859-1"),
            Some("example.vn"),
        );
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1258);
        assert!(d.text.starts_with(VI));
    }

    #[test]
    fn utf8_under_a_stale_legacy_declaration_stays_utf8() {
        let page = format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"><p>{VI}</p>");
        let d = decode(page.as_bytes(), None, None);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.overruled.as_deref(), Some("windows-1258"));
        assert!(d.text.contains(VI));
    }

    #[test]
    fn decomposed_utf8_is_composed() {
        let nfd: String = VI.nfd().collect();
        assert_ne!(nfd, VI);
        assert_eq!(decode(nfd.as_bytes(), None, None).text, VI);
    }

    #[test]
    fn xml_declaration_and_params() {
        let mut x = b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss><title>".to_vec();
        x.extend(cp1258("Hợp tác"));
        x.extend(b"</title></rss>");
        let d = decode(&x, Some("application/rss+xml"), None);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1258);
        assert!(d.text.contains("Hợp tác"));
        assert_eq!(
            charset_param("text/html; Charset=\"UTF-8\""),
            Some("utf-8".into())
        );
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend(VI.as_bytes());
        let d = decode(&b, Some("text/html; charset=windows-1252"), None);
        assert_eq!((d.how, d.text.as_str()), ("bom", VI));
    }
}
