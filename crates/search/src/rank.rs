//! Ranking documents without scoring every match.
//!
//! Every word of a query must match, and tantivy scores a conjunction over
//! all its matches: a query of common words ("kế hoạch hành động" is in
//! most articles about a plan) scores most of the index to keep ten. Its
//! block-max WAND, which skips blocks of postings that cannot reach the
//! current top, only runs on a plain union of terms. So ranking is two
//! passes:
//!
//! 1. **Pruned pass.** The union of the terms the words score with
//!    (folded, stemmed, exact ×2: [`SearchIndex::full_query_terms`]) runs
//!    with block-max WAND. Each document it offers is kept only if it
//!    matches the whole query (every word, the phrases, the filters),
//!    checked by advancing the query's own matcher to it; the pruning
//!    threshold is the score of the last of the best [`window`] kept. For a
//!    document that matches every word, the union's score is exactly the
//!    sum of its word scores, which is the full score without the phrase
//!    bonuses; so this pass finds the best `window` by that score, exactly.
//! 2. **Rescoring.** The kept documents get the full query's score
//!    (phrase bonuses included) and are sorted by it.
//!
//! A query with a quoted phrase is ranked by tantivy's own top-k: a phrase
//! scores by how often the phrase occurs, which its words' scores do not
//! bound. Otherwise a document outside the window could only overtake one
//! inside through the whole-query phrase bonus; the window is many times the page, and
//! `hoptac bench-search` counts the queries whose top 10 differs from the
//! full ranking's (`SearchIndex::top_documents_unpruned`).

use crate::query::{Entries, SearchRequest};
use crate::{Result, SearchIndex};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, TERMINATED};

/// How many documents the first pass keeps for rescoring: four pages, and
/// never fewer than 100.
pub(crate) fn window(limit: usize, offset: usize) -> usize {
    ((limit.max(1) + offset) * 4).max(100)
}

/// A kept document; ordered so that the heap's top is the worst kept.
#[derive(Clone, Copy)]
struct Kept {
    score: Score,
    addr: DocAddress,
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

impl SearchIndex {
    /// The best documents for `r` (`offset` skipped, `limit` kept), best
    /// first, by the two passes above.
    pub(crate) fn rank_documents(
        &self,
        searcher: &Searcher,
        r: &SearchRequest,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let (full, terms) = self.full_query_terms(r, Entries::Documents)?;
        if terms.is_empty() {
            // A quoted phrase: tantivy's own top-k over the whole query.
            return searcher
                .search(
                    &full,
                    &TopDocs::with_limit(r.limit.max(1)).and_offset(r.offset),
                )
                .map_err(|e| self.err(e));
        }
        let keep = window(r.limit, r.offset);
        let union = BooleanQuery::new(
            terms
                .into_iter()
                .map(|(t, boost)| {
                    let q = crate::query::term_query(t);
                    let q: Box<dyn Query> = if boost == 1.0 {
                        q
                    } else {
                        Box::new(BoostQuery::new(q, boost))
                    };
                    (Occur::Should, q)
                })
                .collect(),
        );
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let union_w = union.weight(scoring).map_err(|e| self.err(e))?;
        let matches_w = full
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(|e| self.err(e))?;
        // Pass 1: the best `keep` among the documents matching the query.
        let mut heap: BinaryHeap<Kept> = BinaryHeap::with_capacity(keep + 1);
        let mut threshold = Score::MIN;
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let mut matcher = matches_w.scorer(seg, 1.0).map_err(|e| self.err(e))?;
            let alive = seg.alive_bitset();
            let start = threshold;
            let mut offer = |doc: DocId, score: Score| -> Score {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    return threshold;
                }
                // Candidates come in doc order: the matcher only moves on.
                let at = match matcher.doc() {
                    d if d < doc => matcher.seek(doc),
                    d => d,
                };
                if at != doc || at == TERMINATED {
                    return threshold;
                }
                heap.push(Kept {
                    score,
                    addr: DocAddress::new(ord as u32, doc),
                });
                if heap.len() > keep {
                    heap.pop();
                }
                if heap.len() == keep {
                    threshold = heap.peek().map_or(threshold, |k| k.score);
                }
                threshold
            };
            union_w
                .for_each_pruning(start, seg, &mut offer)
                .map_err(|e| self.err(e))?;
        }
        // Pass 2: the full score of each kept document, segment by segment
        // in doc order.
        let mut kept: Vec<DocAddress> = heap.into_iter().map(|k| k.addr).collect();
        kept.sort();
        let full_w = full.weight(scoring).map_err(|e| self.err(e))?;
        let mut out: Vec<Kept> = Vec::with_capacity(kept.len());
        let mut i = 0;
        while i < kept.len() {
            let ord = kept[i].segment_ord;
            let seg = searcher.segment_reader(ord);
            let mut scorer = full_w.scorer(seg, 1.0).map_err(|e| self.err(e))?;
            while i < kept.len() && kept[i].segment_ord == ord {
                let doc = kept[i].doc_id;
                let at = match scorer.doc() {
                    d if d < doc => scorer.seek(doc),
                    d => d,
                };
                if at == doc {
                    out.push(Kept {
                        score: scorer.score(),
                        addr: kept[i],
                    });
                }
                i += 1;
            }
        }
        out.sort();
        Ok(out
            .into_iter()
            .skip(r.offset)
            .take(r.limit.max(1))
            .map(|k| (k.score, k.addr))
            .collect())
    }
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
        // Sorted: best first.
        let mut v = [b, c, a];
        v.sort();
        assert_eq!(
            v.iter().map(|k| k.addr).collect::<Vec<_>>(),
            vec![a.addr, c.addr, b.addr]
        );
    }

    #[test]
    fn window_is_many_pages() {
        assert_eq!(window(10, 0), 100);
        assert_eq!(window(50, 0), 200);
        assert_eq!(window(10, 40), 200);
        assert_eq!(window(0, 0), 100);
    }
}
