//! The widget's reactive core, sized for what it uses: triggers that effects subscribe to,
//! effects that rerun when a trigger they read fires, owners that dispose what was built under
//! them (effects, cleanups, values, contexts), and an arena for the `Copy` value handles of
//! [`crate::cells`].
//!
//! The page runs one thread, so everything is `Rc` and `RefCell` in thread-locals. An effect runs
//! at once when created and again, synchronously, when a trigger it read during its last run
//! fires; effects woken while others run wait in one queue, so each runs to its end before the
//! next starts. Before each rerun an effect drops its subscriptions and disposes what its last
//! run built. (This replaced Leptos's `reactive_graph`, whose general machinery — async
//! tasks, arenas per type, hash maps — cost the widget some 12 KiB brotli.)

use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

/// Something readers subscribe to: firing it reruns every effect that read it.
#[derive(Clone, Default)]
pub struct Trigger(Rc<TriggerNode>);

#[derive(Default)]
struct TriggerNode {
    subscribers: RefCell<Vec<Weak<EffectNode>>>,
}

struct EffectNode {
    run: RefCell<Box<dyn FnMut()>>,
    /// The triggers read by the last run; kept alive by the effect, not the other way round.
    sources: RefCell<Vec<Trigger>>,
    /// What the last run built.
    owner: Owner,
    queued: Cell<bool>,
    disposed: Cell<bool>,
}

/// An owner: what was built under it lives until [`Owner::cleanup`].
#[derive(Clone)]
pub struct Owner(Rc<OwnerNode>);

#[derive(Default)]
struct OwnerNode {
    parent: Option<Weak<OwnerNode>>,
    children: RefCell<Vec<Owner>>,
    cleanups: RefCell<Vec<Box<dyn FnOnce()>>>,
    contexts: RefCell<Vec<(TypeId, Box<dyn Any>)>>,
    slots: RefCell<Vec<u32>>,
}

thread_local! {
    static OWNER: RefCell<Option<Owner>> = const { RefCell::new(None) };
    static OBSERVER: RefCell<Option<Rc<EffectNode>>> = const { RefCell::new(None) };
    static QUEUE: RefCell<VecDeque<Rc<EffectNode>>> = const { RefCell::new(VecDeque::new()) };
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static ARENA: RefCell<Arena> = const { RefCell::new(Arena { slots: Vec::new(), free: Vec::new() }) };
}

impl Trigger {
    /// A new trigger.
    pub fn new() -> Trigger {
        Trigger::default()
    }

    /// Subscribes the running effect, if any.
    pub fn track(&self) {
        let Some(effect) = OBSERVER.with(|observer| observer.borrow().clone()) else { return };
        let mut subscribers = self.0.subscribers.borrow_mut();
        if subscribers.iter().any(|subscriber| std::ptr::eq(subscriber.as_ptr(), Rc::as_ptr(&effect))) {
            return;
        }
        subscribers.push(Rc::downgrade(&effect));
        effect.sources.borrow_mut().push(self.clone());
    }

    /// Reruns every effect subscribed to it.
    pub fn notify(&self) {
        let woken: Vec<Rc<EffectNode>> = self.0.subscribers.borrow().iter().filter_map(Weak::upgrade).collect();
        QUEUE.with(|queue| {
            let mut queue = queue.borrow_mut();
            for effect in woken {
                if !effect.queued.replace(true) {
                    queue.push_back(effect);
                }
            }
        });
        flush();
    }

    fn unsubscribe(&self, effect: &EffectNode) {
        self.0.subscribers.borrow_mut().retain(|subscriber| !std::ptr::eq(subscriber.as_ptr(), effect));
    }
}

/// Runs the queued effects, unless a flush is already running further up the stack.
fn flush() {
    if FLUSHING.with(|flushing| flushing.replace(true)) {
        return;
    }
    while let Some(effect) = QUEUE.with(|queue| queue.borrow_mut().pop_front()) {
        effect.queued.set(false);
        if !effect.disposed.get() {
            run(&effect);
        }
    }
    FLUSHING.with(|flushing| flushing.set(false));
}

/// Takes `effect` off the triggers it read and disposes what its last run built.
fn reset(effect: &EffectNode) {
    for source in effect.sources.take() {
        source.unsubscribe(effect);
    }
    effect.owner.cleanup();
}

fn run(effect: &Rc<EffectNode>) {
    reset(effect);
    let previous = OBSERVER.with(|observer| observer.replace(Some(Rc::clone(effect))));
    effect.owner.with(|| (effect.run.borrow_mut())());
    OBSERVER.with(|observer| *observer.borrow_mut() = previous);
}

/// Runs `update` now and whenever a trigger it read fires, until the current owner is cleaned
/// up.
pub fn effect(update: Box<dyn FnMut()>) {
    let node = Rc::new(EffectNode { run: RefCell::new(update), sources: RefCell::new(Vec::new()), owner: Owner::new(), queued: Cell::new(false), disposed: Cell::new(false) });
    let kept = Rc::clone(&node);
    on_cleanup(move || {
        kept.disposed.set(true);
        reset(&kept);
    });
    // Effects this first run wakes wait until it is done.
    batch(|| run(&node));
}

/// Runs `changes` and only then the effects they wake, each once: a view that reads several of
/// the values changed is built once, from all of them, rather than once per value.
pub fn batch<R>(changes: impl FnOnce() -> R) -> R {
    let outer = FLUSHING.with(|flushing| flushing.replace(true));
    let result = changes();
    if !outer {
        FLUSHING.with(|flushing| flushing.set(false));
        flush();
    }
    result
}

/// Runs `read` without subscribing the running effect to what it reads.
pub fn untrack<R>(read: impl FnOnce() -> R) -> R {
    let previous = OBSERVER.with(|observer| observer.take());
    let result = read();
    OBSERVER.with(|observer| *observer.borrow_mut() = previous);
    result
}

impl Default for Owner {
    fn default() -> Owner {
        Owner::new()
    }
}

impl Owner {
    /// A new owner, a child of the current one (cleaned up with it).
    pub fn new() -> Owner {
        let parent = OWNER.with(|owner| owner.borrow().clone());
        let owner = Owner(Rc::new(OwnerNode { parent: parent.as_ref().map(|parent| Rc::downgrade(&parent.0)), ..OwnerNode::default() }));
        if let Some(parent) = parent {
            parent.0.children.borrow_mut().push(owner.clone());
        }
        owner
    }

    /// The current owner.
    pub fn current() -> Option<Owner> {
        OWNER.with(|owner| owner.borrow().clone())
    }

    /// Runs `build` with this as the current owner.
    pub fn with<R>(&self, build: impl FnOnce() -> R) -> R {
        let previous = OWNER.with(|owner| owner.replace(Some(self.clone())));
        let result = build();
        OWNER.with(|owner| *owner.borrow_mut() = previous);
        result
    }

    /// Disposes everything built under it: children first, then its cleanups (last added
    /// first) and values. Its contexts stay.
    pub fn cleanup(&self) {
        for child in self.0.children.take() {
            child.cleanup();
        }
        let cleanups = self.0.cleanups.take();
        for cleanup in cleanups.into_iter().rev() {
            cleanup();
        }
        let slots = self.0.slots.take();
        // Taken out first and dropped after: a value's own drop may use the arena.
        let values: Vec<Option<Rc<dyn Any>>> = ARENA.with(|arena| {
            let mut arena = arena.borrow_mut();
            slots.into_iter().map(|index| arena.free(index)).collect()
        });
        drop(values);
    }
}

/// Runs `cleanup` when the current owner is cleaned up (never without an owner).
pub fn on_cleanup(cleanup: impl FnOnce() + 'static) {
    if let Some(owner) = Owner::current() {
        owner.0.cleanups.borrow_mut().push(Box::new(cleanup));
    }
}

/// Makes `value` available to [`use_context`] under the current owner.
pub fn provide_context<T: Clone + 'static>(value: T) {
    if let Some(owner) = Owner::current() {
        owner.0.contexts.borrow_mut().push((TypeId::of::<T>(), Box::new(value)));
    }
}

/// The nearest value of type `T` provided by the current owner or one above it.
pub fn use_context<T: Clone + 'static>() -> Option<T> {
    let mut owner = Owner::current().map(|owner| owner.0);
    while let Some(node) = owner {
        let found = node.contexts.borrow().iter().rev().find(|(id, _)| *id == TypeId::of::<T>()).and_then(|(_, value)| value.downcast_ref::<T>().cloned());
        if found.is_some() {
            return found;
        }
        owner = node.parent.as_ref().and_then(Weak::upgrade);
    }
    None
}

/// The values behind the `Copy` handles: a slot holds a value until its owner is cleaned up;
/// a freed slot's generation moves on, so an old handle finds nothing.
struct Arena {
    slots: Vec<(u32, Option<Rc<dyn Any>>)>,
    free: Vec<u32>,
}

impl Arena {
    fn free(&mut self, index: u32) -> Option<Rc<dyn Any>> {
        let slot = self.slots.get_mut(index as usize)?;
        slot.0 = slot.0.wrapping_add(1);
        self.free.push(index);
        slot.1.take()
    }
}

/// Where a handle's value lives: the slot and its generation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    index: u32,
    generation: u32,
}

impl Slot {
    /// Stores `value` in a new slot owned by the current owner (kept for good without one).
    pub fn new(value: Rc<dyn Any>) -> Slot {
        let slot = ARENA.with(|arena| {
            let mut arena = arena.borrow_mut();
            match arena.free.pop() {
                Some(index) => {
                    let entry = &mut arena.slots[index as usize];
                    entry.1 = Some(value);
                    Slot { index, generation: entry.0 }
                }
                None => {
                    let index = arena.slots.len() as u32;
                    arena.slots.push((0, Some(value)));
                    Slot { index, generation: 0 }
                }
            }
        });
        if let Some(owner) = Owner::current() {
            owner.0.slots.borrow_mut().push(slot.index);
        }
        slot
    }

    /// The value, unless its owner was cleaned up.
    pub fn get(&self) -> Option<Rc<dyn Any>> {
        ARENA.with(|arena| {
            let arena = arena.borrow();
            let (generation, value) = arena.slots.get(self.index as usize)?;
            if *generation == self.generation { value.clone() } else { None }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> (Rc<Cell<u32>>, impl Fn() -> u32) {
        let runs = Rc::new(Cell::new(0));
        let read = Rc::clone(&runs);
        (runs, move || read.get())
    }

    #[test]
    fn an_effect_runs_at_once_and_again_when_a_trigger_it_read_fires() {
        let owner = Owner::new();
        let (trigger, other) = (Trigger::new(), Trigger::new());
        let (runs, count) = counter();
        let read = trigger.clone();
        owner.with(|| effect(Box::new(move || {
            read.track();
            runs.set(runs.get() + 1);
        })));
        assert_eq!(count(), 1);
        trigger.notify();
        assert_eq!(count(), 2);
        other.notify();
        assert_eq!(count(), 2, "a trigger it never read does not wake it");
        owner.cleanup();
        trigger.notify();
        assert_eq!(count(), 2, "disposed with its owner");
    }

    #[test]
    fn what_an_effect_reads_untracked_does_not_wake_it() {
        let owner = Owner::new();
        let trigger = Trigger::new();
        let (runs, count) = counter();
        let read = trigger.clone();
        owner.with(|| effect(Box::new(move || {
            untrack(|| read.track());
            runs.set(runs.get() + 1);
        })));
        trigger.notify();
        assert_eq!(count(), 1);
    }

    #[test]
    fn a_rerun_disposes_what_the_last_run_built_and_reads_its_triggers_afresh() {
        let owner = Owner::new();
        let (outer, inner) = (Trigger::new(), Trigger::new());
        let (inner_runs, inner_count) = counter();
        let (cleaned, cleaned_count) = counter();
        let (read_outer, read_inner) = (outer.clone(), inner.clone());
        owner.with(|| effect(Box::new(move || {
            read_outer.track();
            let (read_inner, inner_runs, cleaned) = (read_inner.clone(), Rc::clone(&inner_runs), Rc::clone(&cleaned));
            effect(Box::new(move || {
                read_inner.track();
                inner_runs.set(inner_runs.get() + 1);
            }));
            on_cleanup(move || cleaned.set(cleaned.get() + 1));
        })));
        assert_eq!((inner_count(), cleaned_count()), (1, 0));
        outer.notify();
        assert_eq!((inner_count(), cleaned_count()), (2, 1), "the old inner effect went with its run");
        inner.notify();
        assert_eq!(inner_count(), 3, "only the new inner effect is subscribed");
    }

    #[test]
    fn an_effect_that_wakes_another_lets_it_run_after_it_ends() {
        let owner = Owner::new();
        let (first, second) = (Trigger::new(), Trigger::new());
        let log = Rc::new(RefCell::new(Vec::new()));
        let (read_second, log_second) = (second.clone(), Rc::clone(&log));
        let (read_first, fire_second, log_first) = (first.clone(), second.clone(), Rc::clone(&log));
        owner.with(|| {
            effect(Box::new(move || {
                read_second.track();
                log_second.borrow_mut().push("second");
            }));
            effect(Box::new(move || {
                read_first.track();
                log_first.borrow_mut().push("first starts");
                fire_second.notify();
                log_first.borrow_mut().push("first ends");
            }));
        });
        log.borrow_mut().clear();
        first.notify();
        assert_eq!(*log.borrow(), ["first starts", "first ends", "second"]);
    }

    #[test]
    fn a_batch_runs_each_effect_it_wakes_once_after_every_change() {
        let owner = Owner::new();
        let (first, second) = (Trigger::new(), Trigger::new());
        let (runs, count) = counter();
        let (read_first, read_second) = (first.clone(), second.clone());
        owner.with(|| effect(Box::new(move || {
            read_first.track();
            read_second.track();
            runs.set(runs.get() + 1);
        })));
        let during = batch(|| {
            first.notify();
            second.notify();
            count()
        });
        assert_eq!(during, 1, "nothing runs inside the batch");
        assert_eq!(count(), 2, "one run after it, for both changes");
        first.notify();
        assert_eq!(count(), 3, "outside a batch a change runs it at once");
    }

    #[test]
    fn contexts_are_found_from_below_and_values_end_with_their_owner() {
        let root = Owner::new();
        let slot = root.with(|| {
            provide_context(7_u32);
            let child = Owner::new();
            assert_eq!(child.with(use_context::<u32>), Some(7));
            assert_eq!(child.with(use_context::<String>), None);
            Slot::new(Rc::new("kept"))
        });
        assert!(slot.get().is_some());
        root.cleanup();
        assert!(slot.get().is_none(), "freed with its owner");
        let reused = Slot::new(Rc::new("new"));
        assert!(slot.get().is_none(), "a reused slot does not answer an old handle");
        assert!(reused.get().is_some());
    }
}
