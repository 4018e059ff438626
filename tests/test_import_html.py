"""HTML read as a TimelineJS reader sees it: text in paragraphs, links, nothing that runs."""

from __future__ import annotations

import pytest

from ant_timeline.import_.html import Link, html_line, read_html


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two &amp; three</p>", "One\n\nTwo & three"),
        ("line one<br>line two<br/>line three", "line one\nline two\nline three"),
        ("  lots   of\n\t space  ", "lots of space"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("<p>unclosed<p>paragraphs", "unclosed\n\nparagraphs"),
        ("a<script>alert('x')</script>b", "ab"),
        ("a<style>p { color: red }</style>b", "ab"),
        ("<iframe srcdoc='<script>x</script>'>inside</iframe>after", "after"),
        ("<svg><text>drawn</text></svg><math>x</math>shown", "shown"),
        ("<script>never closed <p>and hidden", ""),
        ("<!-- a comment -->text<?php echo 1 ?>", "text"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),  # text, as shown
        ('<img src=x onerror="alert(1)">after', "after"),
        ("<b>bold</b> and <i>italic</i>", "bold and italic"),
    ],
)
def test_text_as_a_reader_sees_it(html: str, text: str) -> None:
    assert read_html(html).text == text


def test_what_is_not_text_is_counted() -> None:
    assert read_html("<script>a</script><style>b</style><p>c</p>").dropped == 2


def test_links_are_collected_with_their_text_and_paragraph() -> None:
    reading = read_html(
        '<p>Said <a href="https://example.org/a?x=1&amp;y=2">the <b>wire</b></a>.</p>'
        '<p><a href="javascript:alert(1)">js</a> <a href="/relative">rel</a> '
        '<a href="mailto:a@b.c">mail</a> <a href=" http://example.org/b ">b</a></p>',
    )
    assert reading.links == [
        Link("https://example.org/a?x=1&y=2", "the wire", 0),
        Link("http://example.org/b", "b", 1),
    ]


def test_bare_addresses_are_links_only_with_autolink() -> None:
    html = "<p>See https://example.org/a, or (https://example.org/b).</p>"
    assert [link.url for link in read_html(html, autolink=True).links] == [
        "https://example.org/a",
        "https://example.org/b",
    ]
    assert read_html(html).links == []


def test_a_paragraph_that_only_lists_links_is_not_prose() -> None:
    reading = read_html(
        "<p>What happened.</p>"
        '<p>Sources: <a href="https://a.org">AP</a>, <a href="https://b.org">Reuters</a></p>'
        '<p><a href="https://c.org">One</a><br><a href="https://d.org">Two</a></p>'
        '<p>Reported by <a href="https://e.org">the wire</a>.</p>'
    )
    assert reading.prose == "What happened.\n\nReported by the wire."


def test_our_own_marks_come_back() -> None:
    reading = read_html(
        '<p class="subject">Acme</p><p>Summary.</p>'
        '<p class="actors" data-actors="[&quot;Smith, Jones &amp; Co&quot;, &quot;B&quot;]">'
        "Smith, Jones &amp; Co, B</p>"
        '<p class="sources">Sources:</p><ul class="sources">'
        '<li data-url="https://x.org/(a)" data-title="T; t" data-published="2021-03">'
        '<a href="https://x.org/%28a%29">Wire, Mar 2021</a>: T; t</li></ul>'
    )
    assert reading.subject == "Acme"
    assert reading.text == "Summary."
    assert reading.actors == ["Smith, Jones & Co", "B"]
    assert reading.listed_sources == [
        {"url": "https://x.org/(a)", "title": "T; t", "published": "2021-03"}
    ]
    assert reading.links == []  # the list's links are its sources, not more of them


def test_a_class_alone_is_not_a_mark() -> None:
    reading = read_html('<p class="actors">Just a paragraph</p>')
    assert (reading.actors, reading.text) == (None, "Just a paragraph")


def test_deep_and_broken_markup_is_read_to_the_end() -> None:
    assert read_html("<div>" * 20_000 + "deep" + "</div>" * 20_000).text == "deep"
    assert read_html("</p>" * 20_000 + "after").text == "after"
    assert html_line("<b>" * 5_000 + "headline") == "headline"
