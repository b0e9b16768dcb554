"""Rich text as text with inline codes, and back.

Wagtail stores rich text as HTML (``<p data-block-key="…">``, ``<b>``, ``<a linktype="page"
id="3">`` …). A translator must see the words and move the markup around them, never edit the
markup itself. So every tag becomes a numbered code: a paired code for an element with content
(XLIFF 2.0 ``<pc>``, XLIFF 1.2 ``<g>``, PO ``<1>…</1>``) and a standalone code for an empty one
(``<ph>``, ``<x>``, ``<2/>``).

On import the HTML is rebuilt from the codes of the *current English source*, never from
markup found in the file: a file cannot inject a tag or change a link, and a link's ``href``
or ``linktype`` comes back exactly as the editor stored it.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

# Elements that give rich text its structure. Their codes must all stay, in the same order and
# nesting, and never inside an inline code: otherwise the rebuilt HTML would not be valid.
BLOCK_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "div",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
    }
)
VOID_TAGS = frozenset({"br", "embed", "img", "hr", "wbr"})


class InlineCodeError(ValueError):
    """A translation whose codes cannot be mapped back onto the source's markup."""


@dataclass
class Code:
    """A tag of the source. ``start``/``end``/``tag`` are only known for source codes."""

    id: str
    paired: bool
    children: list = field(default_factory=list)
    start: str = ""
    end: str = ""
    tag: str = ""

    @property
    def is_block(self):
        return self.paired and self.tag in BLOCK_TAGS


class _Tokenizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        kind = "void" if tag in VOID_TAGS else "open"
        self.tokens.append((kind, self.get_starttag_text(), tag))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("void", self.get_starttag_text(), tag))

    def handle_endtag(self, tag):
        self.tokens.append(("close", f"</{tag}>", tag))

    def handle_data(self, data):
        self.tokens.append(("text", data, ""))

    def handle_comment(self, data):
        self.tokens.append(("void", f"<!--{data}-->", ""))


def parse_html(source):
    """The content tree of an HTML string and its codes by id.

    Tags that do not pair up (an end tag without a start tag, a start tag never closed) become
    standalone codes, so that any stored value can be exported and rebuilt unchanged.
    """
    tokenizer = _Tokenizer()
    tokenizer.feed(source or "")
    tokenizer.close()

    codes = {}
    root = Code(id="", paired=True)
    stack = [root]

    def new_code(paired, start, tag):
        code = Code(id=str(len(codes) + 1), paired=paired, start=start, tag=tag)
        codes[code.id] = code
        stack[-1].children.append(code)
        return code

    for kind, text, tag in tokenizer.tokens:
        if kind == "text":
            children = stack[-1].children
            if children and isinstance(children[-1], str):
                children[-1] += text
            else:
                children.append(text)
        elif kind == "open":
            stack.append(new_code(True, text, tag))
        elif kind == "close" and len(stack) > 1 and stack[-1].tag == tag:
            stack.pop().end = text
        else:
            new_code(False, text, tag)

    # Start tags never closed: keep the tag as a standalone code, its content after it.
    while len(stack) > 1:
        code = stack.pop()
        siblings = stack[-1].children
        index = next(i for i, node in enumerate(siblings) if node is code)
        code.paired = False
        siblings[index : index + 1] = [code, *code.children]
        code.children = []
    return root.children, codes


def has_codes(content):
    return any(isinstance(node, Code) for node in content)


def plain_text(content):
    """The words of a content tree, without codes."""
    return "".join(node if isinstance(node, str) else plain_text(node.children) for node in content)


def to_html(content, codes):
    """HTML from a (validated) content tree, with each code replaced by its source tag."""
    parts = []
    for node in content:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
            continue
        source = codes[node.id]
        if source.paired:
            parts.append(source.start + to_html(node.children, codes) + source.end)
        else:
            parts.append(source.start)
    return "".join(parts)


def wrapper(content, codes):
    """The block code that wraps the whole of ``content`` and holds no other block (a
    paragraph block's ``<p>``), or None. Translators never see it as a code."""
    if len(content) != 1 or not isinstance(content[0], Code):
        return None
    code = content[0]
    if not codes[code.id].is_block or _skeleton(code.children, codes):
        return None
    return code


def code_ids(content):
    """The ids of every code in a content tree."""
    return {node.id for node in _code_nodes(content)}


def _code_nodes(content):
    for node in content:
        if isinstance(node, Code):
            yield node
            yield from _code_nodes(node.children)


def match_codes(target_html, source_content, codes):
    """The content tree of a stored translation, its tags numbered as the source's: the same
    tag with the same attributes first, else the next unused one of the same tag. A tag the
    source does not have is dropped and its text kept (the source's markup wins)."""
    target, target_codes = parse_html(target_html)
    unused = [node.id for node in _code_nodes(source_content)]

    def take(found):
        if found is not None:
            unused.remove(found)
        return found

    def renumber(nodes):
        result = []
        for node in nodes:
            if isinstance(node, str):
                if result and isinstance(result[-1], str):
                    result[-1] += node
                else:
                    result.append(node)
                continue
            mine = target_codes[node.id]
            same = [
                i for i in unused if codes[i].tag == mine.tag and codes[i].paired == mine.paired
            ]
            exact = next((i for i in same if codes[i].start == mine.start), None)
            found = take(exact if exact is not None else next(iter(same), None))
            children = renumber(node.children)
            if found is None:
                for child in children:
                    if isinstance(child, str) and result and isinstance(result[-1], str):
                        result[-1] += child
                    else:
                        result.append(child)
            else:
                result.append(Code(id=found, paired=codes[found].paired, children=children))
        return result

    return renumber(target)


def _skeleton(content, codes, block_parent="", inline_parent=None, out=None):
    """(code id, id of the enclosing block code) of every block code, in document order."""
    out = [] if out is None else out
    for node in content:
        if not isinstance(node, Code):
            continue
        source = codes[node.id]
        if source.is_block:
            if inline_parent is not None:
                raise InlineCodeError(
                    _("Tag %(tag)s holds a paragraph or list; it cannot be inside tag %(outer)s.")
                    % {"tag": node.id, "outer": inline_parent}
                )
            out.append((node.id, block_parent))
            _skeleton(node.children, codes, node.id, None, out)
        else:
            _skeleton(node.children, codes, block_parent, inline_parent or node.id, out)
    return out


def check(target, codes, source):
    """Raise InlineCodeError unless ``target`` can be rebuilt with the source's ``codes``.

    Codes must exist in the source with the same kind and appear once at most. Inline codes
    (bold, link …) may be dropped or moved; block codes (paragraphs, list items) must stay, in
    the source's order and nesting.
    """
    seen = set()

    def visit(content):
        for node in content:
            if not isinstance(node, Code):
                continue
            original = codes.get(node.id)
            if original is None:
                raise InlineCodeError(
                    _("Tag %(tag)s is not in the source text.") % {"tag": node.id}
                )
            if original.paired != node.paired:
                message = (
                    _("Tag %(tag)s must enclose text.")
                    if original.paired
                    else _("Tag %(tag)s cannot enclose text.")
                )
                raise InlineCodeError(message % {"tag": node.id})
            if node.id in seen:
                raise InlineCodeError(_("Tag %(tag)s is used twice.") % {"tag": node.id})
            seen.add(node.id)
            visit(node.children)

    visit(target)
    if _skeleton(target, codes) != _skeleton(source, codes):
        raise InlineCodeError(
            _("Paragraphs and lists must keep the tags of the source, in the same order.")
        )


# --- PO placeholders ---------------------------------------------------------------------------
# In a PO message the codes are written <1>…</1> and <2/>. A literal "<" in the text is
# written "&lt;" (and a literal "&lt;" or "&amp;" gets its "&" written "&amp;") so that nothing
# in the words can be mistaken for a code.

_PLACEHOLDER = re.compile(r"<(/?)(\d+)(/?)>")
_ESCAPED = re.compile(r"&(lt|amp);")


def _escape(text):
    return re.sub(r"&(?=(?:lt|amp);)", "&amp;", text).replace("<", "&lt;")


def _unescape(text):
    return _ESCAPED.sub(lambda match: "<" if match.group(1) == "lt" else "&", text)


def to_placeholders(content):
    parts = []
    for node in content:
        if isinstance(node, str):
            parts.append(_escape(node))
        elif node.paired:
            parts.append(f"<{node.id}>{to_placeholders(node.children)}</{node.id}>")
        else:
            parts.append(f"<{node.id}/>")
    return "".join(parts)


def from_placeholders(text):
    """The content tree of a PO message; InlineCodeError when its placeholders do not nest."""
    root = Code(id="", paired=True)
    stack = [root]
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            stack[-1].children.append(_unescape(text[position : match.start()]))
        position = match.end()
        closing, number, empty = match.groups()
        if closing and empty:
            raise InlineCodeError(_("%(code)s is not a valid tag.") % {"code": match.group(0)})
        if empty:
            stack[-1].children.append(Code(id=number, paired=False))
        elif not closing:
            code = Code(id=number, paired=True)
            stack[-1].children.append(code)
            stack.append(code)
        elif len(stack) > 1 and stack[-1].id == number:
            stack.pop()
        else:
            raise InlineCodeError(
                _("%(code)s closes a tag that is not open.") % {"code": match.group(0)}
            )
    if position < len(text):
        stack[-1].children.append(_unescape(text[position:]))
    if len(stack) > 1:
        raise InlineCodeError(_("Tag <%(tag)s> is never closed.") % {"tag": stack[-1].id})
    return root.children
