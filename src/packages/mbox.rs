//! mbox files (mboxrd): messages separated by `From ` lines, read one at a time so memory is
//! bounded by the largest message, not the file.

use std::io::{BufRead, Write};

pub enum MboxItem {
    Message(Vec<u8>),
    /// A message larger than the limit; its bytes were skipped, not kept.
    TooLarge {
        bytes: u64,
    },
}

pub struct MboxReader<R> {
    r: R,
    max: u64,
    line: Vec<u8>,
    started: bool,
    done: bool,
}

impl<R: BufRead> MboxReader<R> {
    pub fn new(r: R, max_message_bytes: u64) -> Self {
        MboxReader { r, max: max_message_bytes, line: Vec::new(), started: false, done: false }
    }

    fn read_line(&mut self) -> std::io::Result<bool> {
        self.line.clear();
        Ok(self.r.read_until(b'\n', &mut self.line)? > 0)
    }

    /// The next message, or `None` at the end.
    pub fn next_message(&mut self) -> std::io::Result<Option<MboxItem>> {
        if self.done {
            return Ok(None);
        }
        // Skip to the first separator.
        while !self.started {
            if !self.read_line()? {
                self.done = true;
                return Ok(None);
            }
            self.started = self.line.starts_with(b"From ");
        }
        let mut msg = Vec::new();
        let mut size = 0u64;
        loop {
            if !self.read_line()? {
                self.done = true;
                break;
            }
            if self.line.starts_with(b"From ") {
                break;
            }
            size += self.line.len() as u64;
            if size <= self.max {
                // mboxrd: one '>' was added before lines that read ">*From ".
                let unescaped = if self.line.starts_with(b">")
                    && self.line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ".iter())
                {
                    &self.line[1..]
                } else {
                    &self.line[..]
                };
                msg.extend_from_slice(unescaped);
            }
        }
        if size > self.max {
            return Ok(Some(MboxItem::TooLarge { bytes: size }));
        }
        // The blank line before the next separator belongs to the mbox, not the message.
        if msg.ends_with(b"\n\n") {
            msg.pop();
        }
        Ok(Some(MboxItem::Message(msg)))
    }
}

/// Append one message to an mbox. The separator names no sender (the original one is an
/// address); lines that read like separators are escaped the mboxrd way.
pub fn write_message(out: &mut impl Write, msg: &[u8]) -> std::io::Result<()> {
    out.write_all(b"From scrubline@scrubline.invalid Thu Jan  1 00:00:00 1970\n")?;
    for line in msg.split_inclusive(|&b| b == b'\n') {
        if line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ".iter()) {
            out.write_all(b">")?;
        }
        out.write_all(line)?;
    }
    if !msg.ends_with(b"\n") {
        out.write_all(b"\n")?;
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_unescapes_and_round_trips() {
        let mbox = b"From a@b Mon Jan 1 00:00:00 2024\nSubject: one\n\n>From the start\nbody\n\nFrom c@d Mon Jan 1 00:00:00 2024\nSubject: two\n\nx\n";
        let mut r = MboxReader::new(&mbox[..], 1 << 20);
        let mut msgs = Vec::new();
        while let Some(item) = r.next_message().unwrap() {
            match item {
                MboxItem::Message(m) => msgs.push(m),
                MboxItem::TooLarge { .. } => panic!("not too large"),
            }
        }
        assert_eq!(msgs, vec![b"Subject: one\n\nFrom the start\nbody\n".to_vec(), b"Subject: two\n\nx\n".to_vec()]);
        let mut out = Vec::new();
        for m in &msgs {
            write_message(&mut out, m).unwrap();
        }
        let mut again = MboxReader::new(&out[..], 1 << 20);
        let Some(MboxItem::Message(first)) = again.next_message().unwrap() else { panic!() };
        assert_eq!(first, msgs[0]);
        assert!(!String::from_utf8_lossy(&out).contains("a@b"));
    }

    #[test]
    fn oversized_messages_are_skipped_not_kept() {
        let mbox = format!("From x\nSubject: big\n\n{}\nFrom y\nSubject: small\n\nok\n", "a".repeat(5000));
        let mut r = MboxReader::new(mbox.as_bytes(), 1000);
        assert!(matches!(r.next_message().unwrap(), Some(MboxItem::TooLarge { .. })));
        assert!(matches!(r.next_message().unwrap(), Some(MboxItem::Message(_))));
        assert!(r.next_message().unwrap().is_none());
    }
}
