//! HTML as a reader sees it: the text between the tags, for scanning values that markup
//! splits or labels from another cell.

/// Elements that do not break the text: a value may run through them (`590<b>104</b>`).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "o:p", "ins", "del",
];

/// The text of `html` as a reader sees it: tags removed (inline ones by nothing, others by a
/// space; scripts, styles and comments dropped whole) and character references decoded. For
/// each byte of the view, the source range it came from (a decoded reference maps to all of
/// `&#64;`), so a finding in the view maps back onto the bytes as written.
pub fn text_view(html: &[u8]) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut origin = Vec::with_capacity(html.len());
    let view = view(html, false, Some(&mut origin));
    (view, origin)
}

/// The text view alone, without the map back (for reading output back, where only whether
/// something survived matters).
pub fn text_only(html: &[u8]) -> Vec<u8> {
    view(html, false, None)
}

/// The markup itself with character references decoded (attributes included: an
/// `href="mailto:jan&#64;wp.pl"`), mapped back the same way.
pub fn decoded_markup(html: &[u8]) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut origin = Vec::with_capacity(html.len());
    let view = view(html, true, Some(&mut origin));
    (view, origin)
}

/// Text between `from` and `to` into the view, references decoded; runs without `&` are
/// copied whole.
fn text_into(html: &[u8], from: usize, to: usize, view: &mut Vec<u8>, mut origin: Option<&mut Vec<(usize, usize)>>) {
    let mut j = from;
    while j < to {
        let amp = memchr::memchr(b'&', &html[j..to]).map_or(to, |p| j + p);
        view.extend_from_slice(&html[j..amp]);
        if let Some(o) = origin.as_deref_mut() {
            o.extend((j..amp).map(|k| (k, k + 1)));
        }
        j = amp;
        if j == to {
            break;
        }
        match char_ref(&html[j..to]) {
            Some((c, len)) => {
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                view.extend_from_slice(bytes);
                if let Some(o) = origin.as_deref_mut() {
                    o.extend(bytes.iter().map(|_| (j, j + len)));
                }
                j += len;
            }
            None => {
                view.push(b'&');
                if let Some(o) = origin.as_deref_mut() {
                    o.push((j, j + 1));
                }
                j += 1;
            }
        }
    }
}

fn view(html: &[u8], keep_tags: bool, mut origin: Option<&mut Vec<(usize, usize)>>) -> Vec<u8> {
    let mut view = Vec::with_capacity(html.len());
    let mark = |view: &mut Vec<u8>, origin: &mut Option<&mut Vec<(usize, usize)>>, b: u8, at: usize| {
        view.push(b);
        if let Some(o) = origin.as_deref_mut() {
            o.push((at, at + 1));
        }
    };
    if keep_tags {
        text_into(html, 0, html.len(), &mut view, origin);
        return view;
    }
    let mut i = 0;
    while i < html.len() {
        let Some(p) = memchr::memchr(b'<', &html[i..]) else {
            text_into(html, i, html.len(), &mut view, origin.as_deref_mut());
            break;
        };
        let lt = i + p;
        text_into(html, i, lt, &mut view, origin.as_deref_mut());
        let (markup, end) = markup_at(html, lt);
        match markup {
            Markup::Lone => mark(&mut view, &mut origin, b'<', lt),
            Markup::Block => mark(&mut view, &mut origin, b' ', lt),
            Markup::Tag(name) if !is_inline(name) => mark(&mut view, &mut origin, b' ', lt),
            Markup::Comment | Markup::Tag(_) => {}
        }
        i = end;
    }
    view
}

/// What stands at a `<` of the text.
enum Markup<'a> {
    /// `<!-- … -->`: dropped.
    Comment,
    /// A `<` with no `>` after it: text.
    Lone,
    /// A tag, by its element's name: an inline element's tag is dropped, so a value may run
    /// through it (`590<b>104</b>`); any other becomes a space.
    Tag(&'a [u8]),
    /// A script or style with its body: a space.
    Block,
}

/// Is `name` an inline element's? Compared as bytes: the names are ASCII, so no name that is
/// not UTF-8 can equal one; only a name of the same length is compared at all.
fn is_inline(name: &[u8]) -> bool {
    INLINE.iter().any(|e| e.len() == name.len() && e.as_bytes().eq_ignore_ascii_case(name))
}

/// The markup at `lt` (a `<`) and where the text after it starts: past `-->` (or the end of a
/// comment left open), past the tag's `>` however far, at a script's or style's closing tag
/// (a construct of its own), or one byte on for a lone `<`.
fn markup_at(html: &[u8], lt: usize) -> (Markup<'_>, usize) {
    if html[lt..].starts_with(b"<!--") {
        return (Markup::Comment, memchr::memmem::find(&html[lt..], b"-->").map_or(html.len(), |q| lt + q + 3));
    }
    let Some(q) = memchr::memchr(b'>', &html[lt..]) else { return (Markup::Lone, lt + 1) };
    let gt = lt + q;
    let tag = &html[lt + 1..gt];
    let name_start = usize::from(tag.first() == Some(&b'/'));
    let name_end = tag[name_start..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/')
        .map_or(tag.len(), |e| name_start + e);
    let name = &tag[name_start..name_end];
    let after = gt + 1;
    if name_start == 0 && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style")) {
        // Up to the closing tag, found without copying the rest of the document.
        let close_at = memchr::memmem::find_iter(&html[after..], b"</")
            .find(|&c| html[after + c + 2..].get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)));
        return (Markup::Block, close_at.map_or(html.len(), |c| after + c));
    }
    (Markup::Tag(name), after)
}

/// Where the text view's reading goes on after the markup at `lt` (a `<`): for callers that
/// must cut a text where [`text_only`] is between constructs, so that the view of a piece is
/// the whole view's bytes for it.
pub fn markup_end(html: &[u8], lt: usize) -> usize {
    markup_at(html, lt).1
}

/// Named references that stand for ASCII punctuation (and the space), as HTML5 spells them.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("commat", '@'),
    ("period", '.'),
    ("lowbar", '_'),
    ("hyphen", '-'),
    ("dash", '-'),
    ("colon", ':'),
    ("sol", '/'),
    ("num", '#'),
    ("plus", '+'),
    ("equals", '='),
    ("percnt", '%'),
    ("comma", ','),
    ("semi", ';'),
    ("excl", '!'),
    ("quest", '?'),
    ("lpar", '('),
    ("rpar", ')'),
    ("lsqb", '['),
    ("rsqb", ']'),
    ("lbrack", '['),
    ("rbrack", ']'),
    ("dollar", '$'),
    ("ast", '*'),
    ("bsol", '\\'),
    ("Hat", '^'),
    ("grave", '`'),
    ("verbar", '|'),
    ("lcub", '{'),
    ("rcub", '}'),
    ("tilde", '~'),
];

/// A character reference at the start of `t` (`&#64;`, `&#x40;`, `&commat;`; the final `;`
/// is optional for numeric ones, as browsers accept): the character and the length read.
pub fn char_ref(t: &[u8]) -> Option<(char, usize)> {
    if t.get(1) == Some(&b'#') {
        let (hex, from) = match t.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut j = from;
        let mut v: u32 = 0;
        while j < t.len() && j - from < 8 {
            let d = match (hex, t[j]) {
                (_, b @ b'0'..=b'9') => (b - b'0') as u32,
                (true, b @ b'a'..=b'f') => (b - b'a' + 10) as u32,
                (true, b @ b'A'..=b'F') => (b - b'A' + 10) as u32,
                _ => break,
            };
            v = v * if hex { 16 } else { 10 } + d;
            j += 1;
        }
        if j == from {
            return None;
        }
        if t.get(j) == Some(&b';') {
            j += 1;
        }
        return char::from_u32(v).map(|c| (c, j));
    }
    let end = t.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&t[1..end]).ok()?;
    NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| (c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_between_tags_with_offsets() {
        let html = b"<td>NIP</td><td>590104</span><span lang=\"PL\">16563</td><!-- x --><script>a<b</script>end";
        let (view, origin) = text_view(html);
        assert_eq!(String::from_utf8_lossy(&view), " NIP  59010416563   end");
        let p = view.iter().position(|&b| b == b'1').unwrap();
        assert_eq!(html[origin[p].0], b'1');
        let (view, origin) = text_view(b"<p>jan&#46;nowak&#64;wp.pl</p>");
        assert_eq!(String::from_utf8_lossy(&view), " jan.nowak@wp.pl ");
        assert_eq!(origin[4], (6, 11), "the decoded dot maps to the whole reference");
    }
}
