//! Settling overlapping candidates. Within a cluster of overlapping candidates the best one
//! wins: higher rule priority, then checksum-validated over context over heuristic, then
//! longer. A winner is widened over any loser it only partly covers, so the output never
//! holds half of a replaced value.

use super::compiled::KindRule;
use super::detect::Candidate;
use super::kind::Kind;

fn score(c: &Candidate, rules: &[KindRule; Kind::COUNT]) -> (u8, u8, usize) {
    (rules[c.kind.index()].priority, c.strength as u8, c.end - c.start)
}

/// Sort `cands` and reduce them to non-overlapping spans in text order.
pub fn resolve(cands: &mut Vec<Candidate>, rules: &[KindRule; Kind::COUNT]) {
    if cands.len() < 2 {
        return;
    }
    // Stable: detectors push in text order with a few stretches out of it (the `@` pass, a
    // name run flushed late), which a stable sort merges as runs instead of sorting anew; and
    // candidates with the same span stay in the order they were found.
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    let mut cluster: Vec<Candidate> = Vec::new();
    let mut cluster_end = 0;
    for c in cands.drain(..) {
        if !cluster.is_empty() && c.start >= cluster_end {
            settle(&mut cluster, rules, &mut out);
        }
        cluster_end = if cluster.is_empty() { c.end } else { cluster_end.max(c.end) };
        cluster.push(c);
    }
    settle(&mut cluster, rules, &mut out);
    *cands = out;
}

fn settle(cluster: &mut Vec<Candidate>, rules: &[KindRule; Kind::COUNT], out: &mut Vec<Candidate>) {
    if cluster.len() == 1 {
        out.push(cluster[0]);
        cluster.clear();
        return;
    }
    cluster.sort_by(|a, b| score(b, rules).cmp(&score(a, rules)).then(a.start.cmp(&b.start)));
    let mut won: Vec<Candidate> = Vec::with_capacity(cluster.len());
    for c in cluster.drain(..) {
        let mut overlapping = won.iter_mut().filter(|w| w.start < c.end && c.start < w.end);
        match overlapping.next() {
            None => won.push(c),
            Some(w) => {
                // The better candidate absorbs the rest of a value it only partly covers.
                w.start = w.start.min(c.start);
                w.end = w.end.max(c.end);
            }
        }
    }
    // Widening may have made winners overlap each other: merge them, the earlier-won (better)
    // one keeping its kind.
    won.sort_by_key(|w| w.start);
    let mut merged: Vec<Candidate> = Vec::with_capacity(won.len());
    for w in won {
        match merged.last_mut() {
            Some(m) if w.start < m.end => {
                let keep_w = score(&w, rules) > score(m, rules);
                let (s, e) = (m.start.min(w.start), m.end.max(w.end));
                if keep_w {
                    *m = w;
                }
                m.start = s;
                m.end = e;
            }
            _ => merged.push(w),
        }
    }
    out.extend(merged);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiled::Action;
    use crate::detect::Strength;

    fn rules() -> [KindRule; Kind::COUNT] {
        let mut r = [KindRule { action: Action::Redact, priority: 10, enabled: true }; Kind::COUNT];
        r[Kind::Email.index()].priority = 90;
        r[Kind::Name.index()].priority = 40;
        r
    }

    fn c(start: usize, end: usize, kind: Kind) -> Candidate {
        let rewrite = crate::detect::NO_REWRITE;
        Candidate { start, end, kind, strength: Strength::Heuristic, rewrite, rule: crate::detect::NO_RULE }
    }

    #[test]
    fn contained_loser_disappears() {
        let mut v = vec![c(0, 20, Kind::Email), c(0, 11, Kind::Name)];
        resolve(&mut v, &rules());
        assert_eq!(v, vec![c(0, 20, Kind::Email)]);
    }

    #[test]
    fn partial_overlap_widens_the_winner() {
        let mut v = vec![c(5, 20, Kind::Email), c(0, 8, Kind::Name)];
        resolve(&mut v, &rules());
        assert_eq!(v, vec![c(0, 20, Kind::Email)]);
    }

    #[test]
    fn disjoint_candidates_stay_in_order() {
        let mut v = vec![c(30, 40, Kind::Name), c(0, 8, Kind::Email), c(10, 12, Kind::Name)];
        resolve(&mut v, &rules());
        assert_eq!(v, vec![c(0, 8, Kind::Email), c(10, 12, Kind::Name), c(30, 40, Kind::Name)]);
    }

    #[test]
    fn validated_beats_heuristic_at_equal_priority() {
        let mut a = c(0, 11, Kind::Pesel);
        a.strength = Strength::Validated;
        let mut v = vec![c(0, 13, Kind::Phone), a];
        resolve(&mut v, &rules());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].kind, Kind::Pesel);
        assert_eq!((v[0].start, v[0].end), (0, 13));
    }
}
