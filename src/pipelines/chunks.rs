//! CPU work of one batch on several threads: each thread takes a contiguous share of the
//! items, and the results come back in item order (so what is "first" stays first).

/// Run `f` on `threads` contiguous shares of `items` (fewer when there are fewer items) and
/// return the shares' results in order. A panic in `f` is re-raised here.
pub fn map_shares<T: Send, R: Send>(items: Vec<T>, threads: usize, f: impl Fn(Vec<T>) -> R + Sync) -> Vec<R> {
    let per_share = items.len().div_ceil(threads.max(1)).max(1);
    let mut shares = Vec::new();
    let mut rest = items;
    while rest.len() > per_share {
        let tail = rest.split_off(per_share);
        shares.push(std::mem::replace(&mut rest, tail));
    }
    shares.push(rest);
    if shares.len() == 1 {
        return shares.into_iter().map(&f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares.into_iter().map(|share| scope.spawn(move || f(share))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::map_shares;

    #[test]
    fn shares_come_back_in_order_and_cover_everything() {
        for threads in [1, 2, 3, 8] {
            for n in [0, 1, 5, 64] {
                let out: Vec<u32> = map_shares((0..n).collect::<Vec<u32>>(), threads, |s| s).concat();
                assert_eq!(out, (0..n).collect::<Vec<_>>(), "{n} items on {threads} threads");
            }
        }
    }
}
