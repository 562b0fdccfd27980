//! Locks shared by the rendering and writing threads.

/// A mutex's guard, also after a thread that held it panicked: the lists these mutexes hold stay
/// whole, as each change to one is a single push or pop.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
