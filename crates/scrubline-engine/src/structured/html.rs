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
    view(html, false)
}

/// The markup itself with character references decoded (attributes included: an
/// `href="mailto:jan&#64;wp.pl"`), mapped back the same way.
pub fn decoded_markup(html: &[u8]) -> (Vec<u8>, Vec<(usize, usize)>) {
    view(html, true)
}

fn view(html: &[u8], keep_tags: bool) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut view = Vec::with_capacity(html.len());
    let mut origin = Vec::with_capacity(html.len());
    let text = |from: usize, to: usize, view: &mut Vec<u8>, origin: &mut Vec<(usize, usize)>| {
        let mut j = from;
        while j < to {
            if html[j] == b'&' {
                if let Some((c, len)) = char_ref(&html[j..to]) {
                    let mut buf = [0u8; 4];
                    for &b in c.encode_utf8(&mut buf).as_bytes() {
                        view.push(b);
                        origin.push((j, j + len));
                    }
                    j += len;
                    continue;
                }
            }
            view.push(html[j]);
            origin.push((j, j + 1));
            j += 1;
        }
    };
    if keep_tags {
        text(0, html.len(), &mut view, &mut origin);
        return (view, origin);
    }
    let mut i = 0;
    while i < html.len() {
        let Some(p) = memchr::memchr(b'<', &html[i..]) else {
            text(i, html.len(), &mut view, &mut origin);
            break;
        };
        let lt = i + p;
        text(i, lt, &mut view, &mut origin);
        if html[lt..].starts_with(b"<!--") {
            i = memchr::memmem::find(&html[lt..], b"-->").map_or(html.len(), |q| lt + q + 3);
            continue;
        }
        let Some(q) = memchr::memchr(b'>', &html[lt..]) else {
            // A lone `<` is text.
            view.push(b'<');
            origin.push((lt, lt + 1));
            i = lt + 1;
            continue;
        };
        let gt = lt + q;
        let tag = &html[lt + 1..gt];
        let name_start = usize::from(tag.first() == Some(&b'/'));
        let name_end = tag[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/')
            .map_or(tag.len(), |e| name_start + e);
        let name = String::from_utf8_lossy(&tag[name_start..name_end]).to_ascii_lowercase();
        i = gt + 1;
        if name_start == 0 && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let rest = html[i..].to_ascii_lowercase();
            i = memchr::memmem::find(&rest, close.as_bytes()).map_or(html.len(), |c| i + c);
            view.push(b' ');
            origin.push((lt, lt + 1));
            continue;
        }
        if !INLINE.contains(&name.as_str()) {
            view.push(b' ');
            origin.push((lt, lt + 1));
        }
    }
    (view, origin)
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
