//! What makes two documents the same: exact ids and MinHash signatures.
//!
//! - [`content_id`]: the hash of the normalised text (NFC, one tone
//!   placement, white space collapsed). The same story saved twice, or
//!   copied by two sites byte for byte up to spacing, has one id.
//! - [`MinHash`]: a signature over word 5-shingles of the folded text. Two
//!   republications of one agency story with another headline, caption or
//!   footer share most shingles; their estimated Jaccard similarity is high
//!   and [`MinHash::bands`] puts them in a common LSH bucket, so a store can
//!   find candidates without comparing every pair.

use hoptac_text::{fold, normalize_vietnamese};

/// Hex id of a document: blake3 of its normalised text, 128 bits.
pub fn content_id(text: &str) -> String {
    let norm = normalize_vietnamese(text);
    let mut h = blake3::Hasher::new();
    for (i, w) in norm.split_whitespace().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(w.as_bytes());
    }
    h.finalize().to_hex()[..32].to_string()
}

/// Number of hash functions in a signature.
pub const HASHES: usize = 64;
/// LSH bands (of `HASHES / BANDS` rows each). 16 bands of 4 rows catch
/// pairs with Jaccard similarity above about 0.5 with high probability.
pub const BANDS: usize = 16;
const SHINGLE: usize = 5;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinHash(pub Vec<u64>);

impl MinHash {
    /// The signature of `text`.
    pub fn of(text: &str) -> MinHash {
        let folded = fold(text);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut sig = vec![u64::MAX; HASHES];
        let mut add = |h: u64| {
            for (i, slot) in sig.iter_mut().enumerate() {
                let v = splitmix(h ^ SEEDS[i]);
                if v < *slot {
                    *slot = v;
                }
            }
        };
        if words.len() < SHINGLE {
            add(fnv1a(words.join(" ").as_bytes()));
        } else {
            for win in words.windows(SHINGLE) {
                let mut h = FNV_OFFSET;
                for w in win {
                    h = fnv1a_from(h, w.as_bytes());
                    h = fnv1a_from(h, b" ");
                }
                add(h);
            }
        }
        MinHash(sig)
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &MinHash) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len().max(1) as f64
    }

    /// One bucket key per band; documents sharing a key are candidates.
    /// Keys fit in an `i64` so every SQL backend stores them as-is.
    pub fn bands(&self) -> Vec<i64> {
        let rows = HASHES / BANDS;
        self.0
            .chunks(rows)
            .enumerate()
            .map(|(b, chunk)| {
                let mut h = FNV_OFFSET ^ b as u64;
                for v in chunk {
                    h = fnv1a_from(h, &v.to_le_bytes());
                }
                // Band number in the top bits: buckets of different bands never collide.
                ((b as u64) << 58 | (h >> 6)) as i64
            })
            .collect()
    }

    /// As bytes, for storage.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// From [`MinHash::to_bytes`]; `None` if the length is wrong.
    pub fn from_bytes(b: &[u8]) -> Option<MinHash> {
        if b.len() != HASHES * 8 {
            return None;
        }
        Some(MinHash(
            b.chunks(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
                .collect(),
        ))
    }
}

/// The similarity above which a document is a near-duplicate of another.
pub const NEAR_DUPLICATE: f64 = 0.7;

const FNV_OFFSET: u64 = 0xcbf29ce484222325;

fn fnv1a(b: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, b)
}

fn fnv1a_from(mut h: u64, b: &[u8]) -> u64 {
    for &x in b {
        h ^= x as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// Fixed seeds: signatures stay comparable across runs and versions.
const SEEDS: [u64; HASHES] = {
    let mut s = [0u64; HASHES];
    let mut i = 0;
    let mut x: u64 = 0x1234_5678_9abc_def0;
    while i < HASHES {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s[i] = x;
        i += 1;
    }
    s
};

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Chiều 26/10, tại Kuala Lumpur, Thủ tướng Phạm Minh Chính cùng lãnh đạo các nước ASEAN \
        và Thủ tướng Nhật Bản dự Hội nghị Cấp cao ASEAN - Nhật Bản lần thứ 28. Hai bên đánh giá cao kết quả \
        hợp tác, nhất trí thúc đẩy chuyển đổi số, chuyển đổi xanh và năng lượng sạch, tăng cường kết nối \
        chuỗi cung ứng, giao lưu nhân dân và hợp tác giáo dục, y tế trong thời gian tới.";

    #[test]
    fn same_text_same_id_up_to_spacing_and_tone_placement() {
        assert_eq!(
            content_id("hoà bình  và\nhợp tác"),
            content_id("hòa bình và hợp tác")
        );
        assert_ne!(content_id("hòa bình"), content_id("hoa binh"));
    }

    #[test]
    fn republication_is_near_and_shares_a_band() {
        let copy = format!(
            "Lãnh đạo ASEAN và Nhật Bản họp tại Malaysia\n{STORY}\nẢnh: TTXVN.\nNguồn: Báo Y"
        );
        let a = MinHash::of(STORY);
        let b = MinHash::of(&copy);
        assert!(a.similarity(&b) >= NEAR_DUPLICATE, "{}", a.similarity(&b));
        assert!(a.bands().iter().any(|x| b.bands().contains(x)));
        let other = MinHash::of("Diễn đàn ASEAN - Nhật Bản lần thứ 39 diễn ra tại Bangkok với sự tham dự của các Trưởng SOM.");
        assert!(a.similarity(&other) < 0.2);
        assert_eq!(MinHash::from_bytes(&a.to_bytes()), Some(a));
    }
}
