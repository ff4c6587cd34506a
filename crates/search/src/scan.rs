//! The ranking's first pass: every matching document, scored by its
//! words, in one sweep over the posting lists.
//!
//! A query of common words matches most of the index ("đề nghị hỗ trợ"
//! is in most generated Vietnamese articles), and every word must match.
//! Skipping by score bounds (block-max WAND) buys little there: in every
//! block of 128 postings some document has the word twice, so the blocks'
//! bounds add up above the current top and nothing is skipped. What is
//! left is to visit every match cheaply, so this pass works on decoded
//! blocks of postings rather than a tree of scorers:
//!
//! - The documents are taken in windows of [`WINDOW`] ids. The rarest
//!   required word (the *lead*) marks its documents in the window; every
//!   other list either runs over its postings in the window (when it is
//!   about as long as the lead's) or is sought to each marked document
//!   (when it is much longer), adding its bit and its score.
//! - A marked document with every required bit, none excluded, alive,
//!   inside the date range and passing the [`Check`] counts as a match
//!   and is offered to a heap of the best [`Plan::keep`].
//! - Segments are split between threads ([`threads`]), each with its own
//!   heap; the heaps are merged.
//!
//! Scores are tantivy's: each list carries the [`Bm25Weight`] its term
//! query would have (corpus statistics of the whole searcher, the boost
//! folded in), applied to the posting's term frequency and the document's
//! field norm, so a document's pass-one score is what tantivy gives the
//! same terms.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use tantivy::directory::OwnedBytes;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Bm25Weight;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term, TERMINATED};

/// Document ids per window (a power of two): the window's slots (12 bytes
/// an id) stay in the core's cache. Debug builds (the tests) use small
/// windows, so that small test indexes span many of them.
pub(crate) const WINDOW: u32 = if cfg!(debug_assertions) {
    1 << 7
} else {
    1 << 13
};

/// A list much longer than the lead is sought to the lead's documents
/// instead of being run over.
const SEEK_RATIO: u32 = 4;

/// Required groups at most: one bit each in a `u32`, the last bit marks
/// an excluded document.
pub(crate) const MAX_GROUPS: usize = 31;
const EXCLUDED: u32 = 1 << 31;

/// What a posting list does for a document it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Satisfies required group `n` (a word: its folded form or its stem;
    /// a filter: a language, an entity, a year).
    Required(u8),
    /// Only adds its score (the exact form of a word).
    Optional,
    /// The document does not match (near-duplicates left out).
    Excluded,
}

/// One posting list of the plan.
#[derive(Clone)]
pub(crate) struct List {
    pub term: Term,
    /// How it scores (none for a filter).
    pub weight: Option<Bm25Weight>,
    pub role: Role,
}

/// A last check on a matching document, and what it adds to its score:
/// the quoted phrases, which the lists alone cannot decide (`rank.rs`).
pub(crate) trait Check: Sync {
    /// The check of one segment's documents.
    fn segment<'s>(&'s self, seg: &'s SegmentReader)
        -> tantivy::Result<Box<dyn SegmentCheck + 's>>;
}

/// [`Check`] on one segment; documents come in increasing order.
pub(crate) trait SegmentCheck {
    /// `None` if `doc` does not match, else the score it adds.
    fn check(&mut self, doc: DocId) -> Option<Score>;
}

/// What to sweep for.
pub(crate) struct Plan<'a> {
    pub lists: Vec<List>,
    /// Number of required groups (`Role::Required(0..groups)`).
    pub groups: u8,
    /// Publication day range (`YYYYMMDD`, inclusive) on the `day` column.
    pub days: Option<(u64, u64)>,
    pub check: Option<&'a dyn Check>,
    /// How many of the best to keep.
    pub keep: usize,
    /// Count the matches' values of this facet field (by facet path).
    pub facets: Option<&'a str>,
}

/// What the sweep found.
#[derive(Debug, Default)]
pub(crate) struct Swept {
    /// The best [`Plan::keep`] matches, best first.
    pub top: Vec<(Score, DocAddress)>,
    /// Every match.
    pub count: usize,
    /// Matches per facet, when asked for: (root, value), as ("year", "2025").
    pub facets: HashMap<(String, String), u64>,
}

/// One thread's part of the sweep.
#[derive(Default)]
struct Part {
    heap: BinaryHeap<Kept>,
    count: usize,
    facets: HashMap<(String, String), u64>,
}

/// A kept document; ordered so that the heap's top is the worst kept.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kept {
    pub score: Score,
    pub addr: DocAddress,
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        // Better = higher score, then the earlier address (stable order).
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| self.addr.cmp(&other.addr))
    }
}
impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Kept {}

/// How many threads sweep an index of `entries` entries:
/// `HOPTAC_SEARCH_THREADS` if set, else one for a small index (a thread
/// costs more than it saves) and every core, at most 4, for a large one.
pub(crate) fn threads(entries: u64) -> usize {
    if let Some(n) = std::env::var("HOPTAC_SEARCH_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        return n.clamp(1, 64);
    }
    if entries < 200_000 {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// Sweep every segment of `searcher` for `plan`.
pub(crate) fn sweep(searcher: &Searcher, plan: &Plan) -> tantivy::Result<Swept> {
    let segs = searcher.segment_readers();
    let entries: u64 = segs.iter().map(|s| u64::from(s.max_doc())).sum();
    let n = threads(entries).min(segs.len().max(1));
    // Largest segments first, each to the least loaded thread.
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(segs[i].max_doc()));
    let mut parts: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); n];
    for i in order {
        let p = parts
            .iter_mut()
            .min_by_key(|p| p.0)
            .expect("at least one thread");
        p.0 += u64::from(segs[i].max_doc());
        p.1.push(i);
    }
    let run = |ords: &[usize]| -> tantivy::Result<Part> {
        let mut part = Part {
            heap: BinaryHeap::with_capacity(plan.keep + 1),
            ..Part::default()
        };
        let mut scratch = Scratch::default();
        for &ord in ords {
            sweep_segment(plan, ord as u32, &segs[ord], &mut scratch, &mut part)?;
        }
        Ok(part)
    };
    let results: Vec<tantivy::Result<Part>> = if n <= 1 {
        vec![run(&parts[0].1)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = parts[1..].iter().map(|p| s.spawn(|| run(&p.1))).collect();
            let mut out = vec![run(&parts[0].1)];
            for h in handles {
                out.push(match h.join() {
                    Ok(r) => r,
                    Err(p) => std::panic::resume_unwind(p),
                });
            }
            out
        })
    };
    let mut all: Vec<Kept> = Vec::new();
    let mut count = 0;
    let mut facets: HashMap<(String, String), u64> = HashMap::new();
    for r in results {
        let part = r?;
        count += part.count;
        all.extend(part.heap);
        for (k, v) in part.facets {
            *facets.entry(k).or_default() += v;
        }
    }
    all.sort();
    all.truncate(plan.keep);
    Ok(Swept {
        top: all.into_iter().map(|k| (k.score, k.addr)).collect(),
        count,
        facets,
    })
}

/// A thread's window arrays, reused from segment to segment.
struct Scratch {
    slots: Box<[Slot; WINDOW as usize]>,
    epoch: u32,
    /// The window's marked ids (offsets from its start).
    marked: Vec<u32>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            slots: Box::new([Slot::default(); WINDOW as usize]),
            epoch: 0,
            marked: Vec::with_capacity(WINDOW as usize),
        }
    }
}

/// One posting list being read, a decoded block at a time.
struct Cursor {
    block: BlockSegmentPostings,
    /// Position in the block's documents.
    at: usize,
    scoring: Option<Scoring>,
    role: Role,
    /// Sought to each marked document instead of run over.
    seek: bool,
}

/// Term frequencies up to this are scored from a table.
const TABLED: usize = 4;

/// How a list scores a posting: BM25 of its weight, read from a table by
/// term frequency and field norm for the common small frequencies instead
/// of divided out each time.
struct Scoring {
    weight: Bm25Weight,
    /// The field's norm id of each document of the segment.
    norms: OwnedBytes,
    /// `table[freq - 1][norm]`.
    table: Box<[[Score; 256]; TABLED]>,
}

impl Scoring {
    fn new(weight: Bm25Weight, seg: &SegmentReader, field: Field) -> tantivy::Result<Scoring> {
        let norms = match seg.fieldnorms_readers().get_inner_file().open_read(field) {
            Some(file) => file.read_bytes()?,
            None => {
                // No norms recorded: the reader's constant, for every document.
                let r = seg.get_fieldnorms_reader(field)?;
                let ids: Vec<u8> = (0..seg.max_doc()).map(|d| r.fieldnorm_id(d)).collect();
                OwnedBytes::new(ids)
            }
        };
        let mut table = Box::new([[0.0; 256]; TABLED]);
        for (f, row) in table.iter_mut().enumerate() {
            for (id, s) in row.iter_mut().enumerate() {
                *s = weight.score(id as u8, f as u32 + 1);
            }
        }
        Ok(Scoring {
            weight,
            norms,
            table,
        })
    }

    /// The score of a posting with frequency `freq` in a document of norm
    /// id `norm`.
    #[inline(always)]
    fn of(&self, norm: u8, freq: u32) -> Score {
        match self.table.get((freq as usize).wrapping_sub(1)) {
            Some(row) => row[usize::from(norm)],
            None => self.weight.score(norm, freq),
        }
    }

    #[inline]
    fn score(&self, doc: DocId, freq: u32) -> Score {
        let norm = self
            .norms
            .as_slice()
            .get(doc as usize)
            .copied()
            .unwrap_or(0);
        self.of(norm, freq)
    }
}

impl Cursor {
    #[inline]
    fn doc(&self) -> DocId {
        self.block
            .docs()
            .get(self.at)
            .copied()
            .unwrap_or(TERMINATED)
    }

    #[inline]
    fn score(&self, doc: DocId, freq: u32) -> Score {
        self.scoring.as_ref().map_or(0.0, |s| s.score(doc, freq))
    }

    /// Move to the first document at or after `target`.
    fn seek(&mut self, target: DocId) -> DocId {
        loop {
            let docs = self.block.docs();
            match docs.last() {
                None => return TERMINATED,
                Some(&last) if last >= target => {
                    self.at += docs[self.at..].partition_point(|&d| d < target);
                    return docs[self.at];
                }
                Some(_) => {
                    // Beyond this block: the skip list finds the block.
                    let before = self.block.docs().last().copied();
                    self.block.seek(target);
                    self.at = 0;
                    let docs = self.block.docs();
                    if docs.last().copied() == before || docs.last().is_none_or(|&l| l < target) {
                        // The last block, and the target beyond it.
                        self.at = docs.len();
                        return TERMINATED;
                    }
                }
            }
        }
    }

    /// The postings from the cursor up to (not including) `end`, a
    /// block's worth at a time (documents, frequencies); the cursor moves
    /// past them.
    #[inline]
    fn blocks_to(&mut self, end: DocId, mut each: impl FnMut(&[DocId], &[u32])) {
        loop {
            let docs = self.block.docs();
            if docs.is_empty() {
                return;
            }
            let stop = self.at + docs[self.at..].partition_point(|&d| d < end);
            let freqs = self.block.freqs();
            let freqs = if freqs.len() == docs.len() {
                &freqs[self.at..stop]
            } else {
                &[]
            };
            each(&docs[self.at..stop], freqs);
            self.at = stop;
            if stop < docs.len() {
                return;
            }
            self.block.advance();
            self.at = 0;
        }
    }
}

/// A document of the window.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// Which window last marked it (`epoch`): a mark of an older window
    /// means "not marked", so nothing is cleared between windows.
    stamp: u32,
    /// Its required groups (and [`EXCLUDED`]).
    bits: u32,
    score: Score,
}

/// One window's slots, indexed by document id minus the window's start.
struct Window<'a> {
    lo: DocId,
    epoch: u32,
    slots: &'a mut [Slot; WINDOW as usize],
}

impl Window<'_> {
    /// A lead list: mark its documents (`marked` gets the new ones), set
    /// `bit`, add its scores.
    #[inline]
    fn lead(&mut self, c: &mut Cursor, end: DocId, bit: u32, marked: &mut Vec<u32>) {
        let scoring = c.scoring.take();
        let (lo, epoch) = (self.lo, self.epoch);
        let slots = &mut *self.slots;
        c.blocks_to(end, |docs, freqs| {
            for (k, &d) in docs.iter().enumerate() {
                let j = slot_of(d, lo);
                let slot = &mut slots[j];
                if slot.stamp != epoch {
                    *slot = Slot {
                        stamp: epoch,
                        bits: 0,
                        score: 0.0,
                    };
                    marked.push(j as u32);
                }
                slot.bits |= bit;
                if let Some(sc) = &scoring {
                    let norm = sc.norms.as_slice().get(d as usize).copied().unwrap_or(0);
                    slot.score += sc.of(norm, freqs.get(k).copied().unwrap_or(1));
                }
            }
        });
        c.scoring = scoring;
    }

    /// Another list run over: set `bit` and add its scores on marked
    /// documents.
    #[inline]
    fn add(&mut self, c: &mut Cursor, end: DocId, bit: u32) {
        let scoring = c.scoring.take();
        let (lo, epoch) = (self.lo, self.epoch);
        let slots = &mut *self.slots;
        c.blocks_to(end, |docs, freqs| match &scoring {
            Some(sc) if freqs.len() == docs.len() => {
                let norms = sc.norms.as_slice();
                for (&d, &f) in docs.iter().zip(freqs) {
                    let slot = &mut slots[slot_of(d, lo)];
                    if slot.stamp == epoch {
                        slot.bits |= bit;
                        let norm = norms.get(d as usize).copied().unwrap_or(0);
                        slot.score += sc.of(norm, f);
                    }
                }
            }
            _ => {
                for &d in docs {
                    let slot = &mut slots[slot_of(d, lo)];
                    if slot.stamp == epoch {
                        slot.bits |= bit;
                    }
                }
            }
        });
        c.scoring = scoring;
    }
}

/// The slot of `doc` in the window starting at `lo`: always below
/// [`WINDOW`]; the mask lets the compiler drop bounds checks.
#[inline(always)]
fn slot_of(doc: DocId, lo: DocId) -> usize {
    (doc.wrapping_sub(lo) & (WINDOW - 1)) as usize
}

/// Sweep one segment into `part`.
fn sweep_segment(
    plan: &Plan,
    ord: u32,
    seg: &SegmentReader,
    s: &mut Scratch,
    part: &mut Part,
) -> tantivy::Result<()> {
    let groups = usize::from(plan.groups);
    // Open every list; a required group with no postings here means no
    // match in this segment.
    let mut cursors: Vec<Cursor> = Vec::with_capacity(plan.lists.len());
    let mut group_len = vec![0u32; groups];
    for l in &plan.lists {
        let field = l.term.field();
        let option = if l.weight.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let Some(block) = seg
            .inverted_index(field)?
            .read_block_postings(&l.term, option)?
        else {
            continue;
        };
        if let Role::Required(g) = l.role {
            group_len[usize::from(g)] += block.doc_freq();
        }
        let scoring = match &l.weight {
            Some(w) => Some(Scoring::new(w.clone(), seg, field)?),
            None => None,
        };
        cursors.push(Cursor {
            block,
            at: 0,
            scoring,
            role: l.role,
            seek: false,
        });
    }
    if group_len.contains(&0) {
        return Ok(());
    }
    let lead = (0..groups).min_by_key(|&g| group_len[g]).unwrap_or(0) as u8;
    let lead_len = group_len.get(usize::from(lead)).copied().unwrap_or(0);
    for c in &mut cursors {
        c.seek = c.role != Role::Required(lead)
            && c.block.doc_freq() > lead_len.saturating_mul(SEEK_RATIO);
    }
    // The lead's lists first, then the rest.
    cursors.sort_by_key(|c| c.role != Role::Required(lead));
    let leads = cursors
        .iter()
        .take_while(|c| c.role == Role::Required(lead))
        .count();
    let full: u32 = if groups == 0 { 0 } else { (1u32 << groups) - 1 };
    let alive = seg.alive_bitset();
    let days = match plan.days {
        Some(range) => Some((seg.fast_fields().u64("day")?, range)),
        None => None,
    };
    let mut checker = match plan.check {
        Some(c) => Some(c.segment(seg)?),
        None => None,
    };
    // Facet values are counted by ordinal here, named at the end.
    let facets = match plan.facets {
        Some(field) => Some(seg.facet_reader(field)?),
        None => None,
    };
    let mut per_facet = vec![0u64; facets.as_ref().map_or(0, |f| f.num_facets())];
    let heap = &mut part.heap;
    let mut threshold: Option<Kept> = heap.peek().copied().filter(|_| heap.len() == plan.keep);
    let mut count = 0;
    loop {
        // The next window starts at the lead's next document.
        let lo = cursors[..leads]
            .iter()
            .map(Cursor::doc)
            .min()
            .unwrap_or(TERMINATED);
        if lo == TERMINATED {
            break;
        }
        let hi = lo.saturating_add(WINDOW);
        s.epoch = s.epoch.wrapping_add(1);
        if s.epoch == 0 {
            s.slots.fill(Slot::default());
            s.epoch = 1;
        }
        s.marked.clear();
        let mut w = Window {
            lo,
            epoch: s.epoch,
            slots: &mut s.slots,
        };
        let marked = &mut s.marked;
        // The lead marks the window's candidates.
        for c in &mut cursors[..leads] {
            w.lead(c, hi, 1u32 << lead, marked);
        }
        if leads > 1 {
            marked.sort_unstable();
        }
        // The other lists add their bits and scores to marked documents.
        for c in &mut cursors[leads..] {
            let bit = match c.role {
                Role::Required(g) => 1u32 << g,
                Role::Optional => 0,
                Role::Excluded => EXCLUDED,
            };
            if c.seek {
                for &j in marked.iter() {
                    let d = lo + j;
                    if c.seek(d) == d {
                        let f = c.block.freqs().get(c.at).copied().unwrap_or(1);
                        let slot = &mut w.slots[j as usize];
                        slot.bits |= bit;
                        slot.score += c.score(d, f);
                    }
                }
            } else {
                if c.doc() < lo {
                    c.seek(lo);
                }
                w.add(c, hi, bit);
            }
        }
        let slots = &*w.slots;
        // The window's matches.
        for &j in marked.iter() {
            let j = j as usize;
            if slots[j].bits != full {
                continue;
            }
            let doc = lo + j as u32;
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                continue;
            }
            if let Some((col, (from, to))) = &days {
                match col.first(doc) {
                    Some(day) if day >= *from && day <= *to => {}
                    _ => continue,
                }
            }
            let mut sc = slots[j].score;
            if let Some(check) = checker.as_mut() {
                match check.check(doc) {
                    Some(more) => sc += more,
                    None => continue,
                }
            }
            count += 1;
            if let Some(f) = &facets {
                for o in f.facet_ords(doc) {
                    if let Some(n) = per_facet.get_mut(o as usize) {
                        *n += 1;
                    }
                }
            }
            if plan.keep == 0 {
                continue;
            }
            let k = Kept {
                score: sc,
                addr: DocAddress::new(ord, doc),
            };
            if threshold.is_some_and(|t| k >= t) {
                continue;
            }
            heap.push(k);
            if heap.len() > plan.keep {
                heap.pop();
            }
            if heap.len() == plan.keep {
                threshold = heap.peek().copied();
            }
        }
    }
    part.count += count;
    if let Some(f) = &facets {
        let mut facet = Facet::root();
        for (o, n) in per_facet.iter().enumerate() {
            if *n > 0 {
                f.facet_from_ord(o as u64, &mut facet)?;
                if let [root, value] = facet.to_path()[..] {
                    *part
                        .facets
                        .entry((root.to_string(), value.to_string()))
                        .or_default() += n;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_orders_worst_on_top() {
        let a = Kept {
            score: 2.0,
            addr: DocAddress::new(0, 5),
        };
        let b = Kept {
            score: 1.0,
            addr: DocAddress::new(0, 1),
        };
        let c = Kept {
            score: 2.0,
            addr: DocAddress::new(0, 9),
        };
        let mut h = BinaryHeap::from(vec![a, b, c]);
        // The worst first: lowest score, then the later address.
        assert_eq!(h.pop().map(|k| k.addr), Some(b.addr));
        assert_eq!(h.pop().map(|k| k.addr), Some(c.addr));
        assert_eq!(h.pop().map(|k| k.addr), Some(a.addr));
        let mut v = [b, c, a];
        v.sort();
        assert_eq!(
            v.iter().map(|k| k.addr).collect::<Vec<_>>(),
            vec![a.addr, c.addr, b.addr]
        );
    }

    #[test]
    fn one_thread_for_a_small_index() {
        if std::env::var("HOPTAC_SEARCH_THREADS").is_err() {
            assert_eq!(threads(10_000), 1);
        }
        assert!(threads(5_000_000) >= 1);
    }
}
