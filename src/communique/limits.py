"""Documented limits on what communique reads (see README, "Limits").

They keep one pathological input from stalling a batch or exhausting memory; an input over a
limit is refused with a one-line error, never truncated silently.
"""

MAX_ARTICLE_BYTES = 2_000_000
"""Largest single article (a text or HTML file, or one JSONL record's text/html): 2 MB.
Long-form news runs to about 100 KB; anything far beyond is a dump, not an article."""

MAX_JSONL_LINE_BYTES = 4_000_000
"""Largest JSONL line (a record with its metadata and, possibly, both text and HTML)."""

MAX_SENTENCE_CHARS = 2_000
"""Longest stretch handed to the parser as one sentence; longer runs (tables, lists without
punctuation) are cut at whitespace so the parser's cost stays linear."""

MAX_WORD_CHARS = 200
"""Longest run without whitespace handed to spaCy's tokenizer at once: its cost grows with the
square of a run of punctuation, so longer runs (a wall of brackets or quotes, a pasted blob) are
tokenized in pieces. The text is kept whole; a URL over the limit is read as two tokens."""

BINARY_SNIFF_BYTES = 8_192
"""How much of a file is inspected to tell text from binary data."""
