"""Full-text search over knowledge items, with Dutch word forms.

PostgreSQL: `SearchVector`/`SearchQuery` with the `dutch` configuration (Snowball stemmer),
ranked with `SearchRank`, the matching passage from `SearchHeadline`.
SQLite: an FTS5 virtual table `knowledge_fts` holding the items' text run through `stem()`
below — the same Snowball Dutch stemmer, also applied to the query — kept up to date by
`index_item()`, which the services call on every write. Highlighting marks words of the text
whose stem matches.

Either way the search only narrows a queryset the caller passes in, which is always the
visible set from `selectors.items_visible_to`: search cannot reveal an item. On both databases
that set is filtered first and only then ranked and limited.
"""

from __future__ import annotations

import re
from functools import reduce

import snowballstemmer

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FTS_TABLE = "knowledge_fts"
WORD = re.compile(r"\w+", re.UNICODE)
START, STOP = "\x02", "\x03"  # markers in SearchHeadline output, escaped before marking
MAX_HITS = 500

# The Snowball Dutch stemmer that PostgreSQL's `dutch` configuration uses (its `dutch_stem`
# dictionary: Snowball's original Dutch algorithm, called "dutch_porter" since Snowball 3), so
# that SQLite and PostgreSQL bring the same word forms together.
_STEMMER = snowballstemmer.stemmer(
    "dutch_porter" if "dutch_porter" in snowballstemmer.algorithms() else "dutch"
)


def stem(word: str) -> str:
    """The Snowball Dutch stem of one word, lower-cased, as PostgreSQL's `dutch` makes it.

    noodsteunpunten → noodsteunpunt, gemeenten/gemeente → gemeent, mogelijkheden and
    mogelijkheid → mogelijk. Used on indexed text and query alike.
    """
    return str(_STEMMER.stemWord(word.lower()))


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- the SQLite FTS5 index ---------------------------------------------------------------------


def create_fts_table(cursor) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "item_id UNINDEXED, title, content, tokenize = 'unicode61 remove_diacritics 2')"
    )


def index_item(item) -> None:
    """Put the item's stemmed text into the FTS5 table (SQLite); PostgreSQL needs nothing."""
    if is_postgres() or connection.vendor != "sqlite":
        return
    content = " ".join(
        [item.summary, item.body, item.tags.replace(",", " "), item.category, item.action_items]
    )
    with connection.cursor() as cursor:
        create_fts_table(cursor)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE item_id = %s", [item.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (item_id, title, content) VALUES (%s, %s, %s)",  # noqa: S608
            [item.pk, " ".join(stems(item.title)), " ".join(stems(content))],
        )


def unindex_item(item_id: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        create_fts_table(cursor)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE item_id = %s", [item_id])  # noqa: S608


# --- searching -----------------------------------------------------------------------------


def full_text(qs: QuerySet, q: str, *, any_word: bool = False) -> QuerySet:
    """Narrow `qs` to items matching `q`, best match first.

    Every word must match, unless `any_word` (used for "similar" suggestions while typing,
    where the last word may be half-typed, so it also matches as a prefix).
    """
    terms = [w for w in words(q) if len(w) > 1][:12]
    if not terms:
        return qs.none()
    if is_postgres():
        return _postgres(qs, q, terms, any_word)
    return _sqlite(qs, terms, any_word)


def _postgres(qs, q, terms, any_word):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    config = "dutch"
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", "tags", "category", weight="B", config=config)
        + SearchVector("body", "action_items", weight="C", config=config)
    )
    if any_word:
        parts = [SearchQuery(t, config=config) for t in terms[:-1]]
        parts.append(SearchQuery(f"{terms[-1]}:*", config=config, search_type="raw"))
        query = reduce(lambda a, b: a | b, parts)
    else:
        query = SearchQuery(q, config=config, search_type="websearch")
    return (
        qs.annotate(
            search=vector,
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
                Concat("summary", Value(" "), "body", output_field=TextField()),
                query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .filter(search=query)
        .order_by("-rank", "-created_at")
    )


def _sqlite(qs, terms, any_word):
    stemmed = [stem(t) for t in terms]
    joiner = " OR " if any_word else " AND "
    match = joiner.join(f'"{s}"*' for s in stemmed)
    # Filter first, then rank and limit: only the items of `qs` (what the reader may see) are
    # ranked, so hidden matches can never push a visible one out of the best MAX_HITS.
    visible_sql, visible_params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        create_fts_table(cursor)
        cursor.execute(
            f"SELECT item_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"AND item_id IN ({visible_sql}) "
            f"ORDER BY bm25({FTS_TABLE}, 0.0, 5.0, 1.0) LIMIT {MAX_HITS}",
            [match, *visible_params],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return qs.none()
    order = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)],
        default=Value(len(ids)),
        output_field=IntegerField(),
    )
    return qs.filter(pk__in=ids).annotate(match_order=order).order_by("match_order")


# --- highlighting --------------------------------------------------------------------------

MARKDOWN_NOISE = re.compile(r"[#*_>`\[\]]+")


def _matches(word: str, query_stems: set[str]) -> bool:
    s = stem(word)
    return s in query_stems or any(len(q) >= 4 and s.startswith(q) for q in query_stems)


def highlight(text: str, q: str, *, window: int = 0, markdown: bool = False) -> SafeString:
    """Escape `text` and wrap words whose stem matches a query word in <mark>.

    With `window`, return only about that many characters around the first match.
    """
    query_stems = {stem(w) for w in words(q) if len(w) > 1}
    text = MARKDOWN_NOISE.sub("", text or "") if markdown else (text or "")
    if window and len(text) > window:
        first = next(
            (m.start() for m in WORD.finditer(text) if _matches(m.group(), query_stems)), 0
        )
        start = max(0, first - window // 3)
        end = min(len(text), start + window)
        text = ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")
    out, pos = [], 0
    for m in WORD.finditer(text):
        out.append(escape(text[pos : m.start()]))
        word = escape(m.group())
        out.append(f"<mark>{word}</mark>" if _matches(m.group(), query_stems) else word)
        pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _headline_html(raw: str) -> SafeString:
    text = MARKDOWN_NOISE.sub("", raw or "")
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def add_highlights(items: list, q: str) -> None:
    """Set `title_html` and `snippet_html` on each found item (safe, escaped HTML)."""
    for item in items:
        item.title_html = highlight(item.title, q)
        headline = getattr(item, "headline", None)
        if headline and START in headline:
            item.snippet_html = _headline_html(headline)
        else:
            item.snippet_html = highlight(
                f"{item.summary} {item.body}", q, window=240, markdown=True
            )
