#!/usr/bin/env python3
"""The Python peers on the same text as `hoptac bench`, for BENCHMARKS.md.

Usage: peer.py CORPUS.txt [MAX_BYTES]

Reads the corpus `hoptac bench --corpus-out` wrote (documents separated by a
line holding only \\f), takes the first MAX_BYTES (default 1 MiB: the NER peer
runs at kilobytes per second), splits sentences with underthesea, and times,
single-threaded, per sentence, model load excluded:
  - underthesea.ner (CRF NER, the closest peer to entity extraction)
  - underthesea.word_tokenize
  - pyvi.ViTokenizer.tokenize
Not run in CI: it needs `pip install underthesea pyvi` (see BENCHMARKS.md).
"""
import sys, time

path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
text = open(path, encoding="utf-8").read()
docs = [d for d in text.split("\n\f\n") if d.strip()]
sample, size = [], 0
for d in docs:
    if size >= limit:
        break
    sample.append(d)
    size += len(d.encode("utf-8"))

from underthesea import sent_tokenize, ner, word_tokenize
from pyvi import ViTokenizer

t = time.perf_counter()
sents = [s for d in sample for p in d.split("\n") if p.strip() for s in sent_tokenize(p)]
split_s = time.perf_counter() - t
ner("Thủ tướng Phạm Minh Chính")  # load the model before timing
word_tokenize("Việt Nam")
ViTokenizer.tokenize("Việt Nam")

def timed(name, fn):
    t = time.perf_counter()
    for s in sents:
        fn(s)
    dt = time.perf_counter() - t
    print(f"{name}\t{size}\t{len(sents)}\t{dt:.2f}\t{size / 1024 / dt:.1f}")

print(f"# {len(sample)} documents, {size} bytes, {len(sents)} sentences (split in {split_s:.2f}s)")
print("peer\tbytes\tsentences\tseconds\tKiB/s")
timed("underthesea.ner", ner)
timed("underthesea.word_tokenize", word_tokenize)
timed("pyvi.ViTokenizer", ViTokenizer.tokenize)
