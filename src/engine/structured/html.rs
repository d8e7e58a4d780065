//! HTML as a reader sees it: the text between the tags, for scanning values that markup
//! splits or labels from another cell.

/// Elements that do not break the text: a value may run through them (`590<b>104</b>`).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "o:p", "ins", "del",
];

/// The text of `html` with tags removed (inline ones by nothing, others by a space; scripts,
/// styles and comments dropped whole), and for each byte of it the offset it came from.
pub fn text_view(html: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let mut view = Vec::with_capacity(html.len());
    let mut origin = Vec::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let Some(p) = memchr::memchr(b'<', &html[i..]) else {
            view.extend_from_slice(&html[i..]);
            origin.extend(i..html.len());
            break;
        };
        let lt = i + p;
        view.extend_from_slice(&html[i..lt]);
        origin.extend(i..lt);
        if html[lt..].starts_with(b"<!--") {
            i = memchr::memmem::find(&html[lt..], b"-->").map_or(html.len(), |q| lt + q + 3);
            continue;
        }
        let Some(q) = memchr::memchr(b'>', &html[lt..]) else {
            // A lone `<` is text.
            view.push(b'<');
            origin.push(lt);
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
            origin.push(lt);
            continue;
        }
        if !INLINE.contains(&name.as_str()) {
            view.push(b' ');
            origin.push(lt);
        }
    }
    (view, origin)
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
        assert_eq!(html[origin[p]], b'1');
    }
}
