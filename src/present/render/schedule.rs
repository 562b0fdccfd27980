//! Spreading a render over the cores: the heaviest work first, results in order, problems
//! collected, and each phase timed.

use rayon::prelude::*;

use crate::base::diagnostic::Diagnostic;

/// One phase of a build, as `build --timings` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub name: &'static str,
    pub took: std::time::Duration,
    /// The process's peak resident memory so far, in MiB (Linux only).
    pub peak_rss_mib: Option<f64>,
}

impl Phase {
    /// The phase `name` that began at `started` and ends now.
    pub(crate) fn ended(name: &'static str, started: std::time::Instant) -> Phase {
        let peak_rss_mib = std::fs::read_to_string("/proc/self/status").ok().and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib / 1024.0)
        });
        Phase { name, took: started.elapsed(), peak_rss_mib }
    }
}

/// `work` done on every item on all cores, the heaviest items (by `weight`) first, each core
/// taking the next item when it is free. Split evenly instead, one core can be left with a large
/// item (the sitemap, the CSL-JSON export, a big topic) at the end while the other waits. The
/// results come in the items' order.
pub(super) fn heaviest_first<T: Send, R: Send>(
    items: Vec<T>,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(T) -> R + Send + Sync,
) -> Vec<R> {
    use rayon::iter::ParallelBridge;
    let mut items: Vec<(usize, T)> = items.into_iter().enumerate().collect();
    items.sort_by_key(|(_, item)| std::cmp::Reverse(weight(item)));
    let mut done: Vec<(usize, R)> =
        items.into_iter().par_bridge().map(|(at, item)| (at, work(item))).collect();
    done.sort_unstable_by_key(|&(at, _)| at);
    done.into_iter().map(|(_, result)| result).collect()
}

pub(super) fn collect_results<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut values = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(error) if !errors.iter().any(|e| e.message == error.message) => errors.push(error),
            Err(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heaviest_first_starts_the_large_items_and_keeps_the_order_of_results() {
        let weights = [3, 40, 1, 40, 7, 0, 12];
        let started = std::sync::Mutex::new(Vec::new());
        // On one thread the items are taken strictly in the order they are handed out.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let results = pool.install(|| {
            heaviest_first(
                weights.iter().enumerate().collect(),
                |&(_, w)| *w,
                |(at, w)| {
                    started.lock().unwrap().push(*w);
                    at * 10
                },
            )
        });
        assert_eq!(results, vec![0, 10, 20, 30, 40, 50, 60]);
        assert_eq!(started.into_inner().unwrap(), vec![40, 40, 12, 7, 3, 1, 0]);
        // On all cores every item is done once, and the results are still in order.
        let many: Vec<usize> = (0..1000).collect();
        assert_eq!(heaviest_first(many.clone(), |&i| i % 37, |i| i), many);
    }
}
