//! Work on a stream's items in parallel, with the results taken in the items' order: how one
//! large text or one mbox uses every worker and still comes out as it went in.

use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Items from `next` (read on this thread, in order) go to `workers` threads, each with its
/// own state made by `state`, which run `work`; the results go to `take` on this thread in
/// the items' order. At most about two items per worker wait, so memory stays bounded
/// whatever the stream's length. `take` returns `Ok(false)` to stop: no more items are read
/// and results not yet taken are dropped.
pub fn in_order<I: Send, R: Send, S>(
    workers: usize,
    mut next: impl FnMut() -> Result<Option<I>>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, I) -> R + Sync,
    mut take: impl FnMut(R) -> Result<bool>,
) -> Result<()> {
    let workers = workers.max(1);
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<(usize, I)>(workers);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        // Owned here, so every way out of this closure (errors included) closes the channel
        // and lets the workers end.
        let work_tx = work_tx;
        for _ in 0..workers {
            let (work_rx, done_tx, state, work) = (&work_rx, done_tx.clone(), &state, &work);
            scope.spawn(move || {
                let mut s = state();
                loop {
                    let item = work_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, item)) = item else { break };
                    if done_tx.send((seq, work(&mut s, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let (mut sent, mut taken) = (0usize, 0usize);
        let mut drain = |pending: &mut BTreeMap<usize, R>, taken: &mut usize| -> Result<bool> {
            while let Some(r) = pending.remove(taken) {
                *taken += 1;
                if !take(r)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        let mut go_on = true;
        while go_on {
            let Some(item) = next()? else { break };
            work_tx.send((sent, item)).map_err(|_| anyhow::anyhow!("a worker stopped"))?;
            sent += 1;
            while let Ok((seq, r)) = done_rx.try_recv() {
                pending.insert(seq, r);
            }
            go_on = drain(&mut pending, &mut taken)?;
        }
        drop(work_tx);
        while go_on && taken < sent {
            let Ok((seq, r)) = done_rx.recv() else { break };
            pending.insert(seq, r);
            go_on = drain(&mut pending, &mut taken)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_and_a_stop_ends_the_reading() {
        let mut items = 0..1000u64;
        let mut got = Vec::new();
        in_order(
            3,
            || Ok(items.next()),
            || 0u64,
            |calls, i| {
                *calls += 1;
                // Uneven work, so workers finish out of order.
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                i * 2
            },
            |r| {
                got.push(r);
                Ok(true)
            },
        )
        .unwrap();
        assert_eq!(got, (0..1000u64).map(|i| i * 2).collect::<Vec<_>>());
        let mut read = 0;
        let mut taken = Vec::new();
        in_order(
            2,
            || {
                read += 1;
                Ok(Some(read))
            },
            || (),
            |_, i| i,
            |r| {
                taken.push(r);
                Ok(r < 5)
            },
        )
        .unwrap();
        assert_eq!(taken, [1, 2, 3, 4, 5]);
        assert!(read < 20, "reading went on after the stop: {read}");
    }
}
