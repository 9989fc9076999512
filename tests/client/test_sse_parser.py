"""The SSE framing: arbitrary chunking, line endings, multi-line data, comments."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from photogen.client.sse import SSEParser, parse_sse

# Payload text: anything but line breaks inside one data line (they split lines).
line_text = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
    max_size=40,
)
event = st.lists(line_text, min_size=1, max_size=4)  # one event = its data lines
newline = st.sampled_from(["\n", "\r\n", "\r"])


def serialise(events: list[list[str]], nl: str, comments: bool = False) -> str:
    """Events as SSE text with one line ending style."""
    out = []
    for lines in events:
        if comments:
            out.append(f": keep-alive{nl}event: message{nl}id: 7{nl}")
        out.extend(f"data: {line}{nl}" for line in lines)
        out.append(nl)
    return "".join(out)


def feed_in_chunks(text: str, cuts: list[int]) -> list[str]:
    parser = SSEParser()
    out: list[str] = []
    start = 0
    for cut in sorted({c % (len(text) + 1) for c in cuts}):
        out += parser.feed(text[start:cut])
        start = cut
    out += parser.feed(text[start:])
    return out + parser.close()


@given(
    st.lists(event, max_size=8),
    newline,
    st.lists(st.integers(0, 10_000), max_size=20),
    st.booleans(),
)
def test_any_chunking_gives_the_same_payloads(events, nl, cuts, comments):
    text = serialise(events, nl, comments)
    expected = ["\n".join(lines) for lines in events]
    assert feed_in_chunks(text, cuts) == expected


@given(st.lists(event, max_size=6))
def test_crlf_and_lf_streams_agree(events):
    assert feed_in_chunks(serialise(events, "\r\n"), []) == feed_in_chunks(
        serialise(events, "\n"), []
    )


@given(st.lists(event, max_size=6), newline)
def test_one_character_at_a_time(events, nl):
    text = serialise(events, nl)
    parser = SSEParser()
    out = [p for ch in text for p in parser.feed(ch)] + parser.close()
    assert out == ["\n".join(lines) for lines in events]


def test_multi_line_data_is_joined_with_newline():
    parser = SSEParser()
    assert parser.feed('data: {"a":\ndata: 1}\n\n') == ['{"a":\n1}']


def test_comments_and_other_fields_are_ignored():
    text = ": hello\nevent: x\nid: 3\nretry: 10\ndata: payload\nfoo: bar\n\n"
    assert list(parse_sse(text.split("\n"))) == ["payload"]


def test_empty_data_gives_an_empty_payload():
    parser = SSEParser()
    assert parser.feed("data:\n\ndata\n\n") == ["", ""]


def test_one_leading_space_only_is_removed():
    assert SSEParser().feed("data:  two\ndata:none\n\n") == [" two\nnone"]


def test_blank_lines_without_data_dispatch_nothing():
    assert SSEParser().feed("\n\n: c\n\n\r\n") == []


def test_crlf_split_across_chunks_is_one_line_break():
    parser = SSEParser()
    assert parser.feed("data: a\r") == []
    assert parser.feed("\n\r") == ["a"]
    assert parser.feed("\ndata: b\r\n\r\n") == ["b"]


def test_close_returns_an_unterminated_last_event():
    parser = SSEParser()
    assert parser.feed('data: {"error": "boom"}') == []
    assert parser.close() == ['{"error": "boom"}']


def test_parse_sse_accepts_lines_with_terminators():
    lines = ["data: a\r\n", "\r\n", "data: b\n", "data: c\n", "\n"]
    assert list(parse_sse(lines)) == ["a", "b\nc"]


def test_unicode_line_separators_stay_inside_payloads():
    # U+2028 and U+0085 are line breaks to str.splitlines, not to SSE.
    assert SSEParser().feed("data: a\u2028b\x85c\x0bd\n\n") == ["a\u2028b\x85c\x0bd"]
