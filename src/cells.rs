//! The widget's reactive values, built so that their code is shared by every value type.
//!
//! `reactive_graph`'s signals compile their whole machinery (arena access, guards, the
//! subscriber set behind a per-type `dyn Source`) once per value type; with the widget's ~40
//! types that was most of the runtime's weight. Here a value is a plain lock next to one
//! [`ArcTrigger`], whose tracking code exists once, and the owner-bound handles all live in
//! one arena type (`StoredValue<Arc<dyn Any>>`), downcast on access. Reading through
//! [`SharedValue::with`] subscribes the running effect; writing notifies it, as with signals.
//!
//! - [`SharedValue`]: cloned handles share the value, for as long as any handle exists.
//! - [`Value`]: a `Copy` handle disposed with its reactive owner; `try_*` calls answer `None`
//!   (or give the value back) once it is gone, which is how async code learns that the widget
//!   was unmounted.
//! - [`Stored`]: the same, without tracking or notifying.

use std::any::Any;
use std::marker::PhantomData;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use reactive_graph::owner::StoredValue;
use reactive_graph::signal::ArcTrigger;
use reactive_graph::traits::{GetValue, Notify, Track};

/// A value whose readers are notified when it changes; clones share it.
pub struct SharedValue<T> {
    trigger: ArcTrigger,
    value: Arc<RwLock<T>>,
}

impl<T> Clone for SharedValue<T> {
    fn clone(&self) -> Self {
        SharedValue { trigger: self.trigger.clone(), value: Arc::clone(&self.value) }
    }
}

impl<T> SharedValue<T> {
    /// A new value.
    pub fn new(value: T) -> SharedValue<T> {
        SharedValue { trigger: ArcTrigger::new(), value: Arc::new(RwLock::new(value)) }
    }

    // The build aborts on panic, so a lock is never poisoned; these only unwrap the type.
    fn read(&self) -> RwLockReadGuard<'_, T> {
        self.value.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, T> {
        self.value.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads the value, subscribing the running effect to it.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.trigger.track();
        read(&self.read())
    }

    /// Reads the value without subscribing.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        read(&self.read())
    }

    /// A copy of the value, subscribing the running effect to it.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.with(T::clone)
    }

    /// A copy of the value without subscribing.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.read().clone()
    }

    /// Changes the value, then notifies its readers.
    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        // The write lock is released before the readers run.
        let result = change(&mut self.write());
        self.trigger.notify();
        result
    }

    /// Replaces the value, then notifies its readers.
    pub fn set(&self, value: T) {
        self.update(|slot| *slot = value);
    }
}

/// The arena slot behind [`Value`] and [`Stored`]: one type for every value type.
type Slot = StoredValue<Arc<dyn Any + Send + Sync>>;

fn new_slot<T: Send + Sync + 'static>(value: T) -> Slot {
    StoredValue::new(Arc::new(SharedValue::new(value)))
}

/// The value in `slot`, unless its owner is gone.
fn shared<T: 'static>(slot: &Slot) -> Option<SharedValue<T>> {
    slot.try_get_value()?.downcast_ref::<SharedValue<T>>().cloned()
}

/// Stops with a JS exception: a handle was used after its widget was unmounted, which the
/// widget's own code only does through the `try_*` calls.
fn gone() -> ! {
    wasm_bindgen::throw_str("countersign: a value of an unmounted widget was used")
}

/// A reactive value owned by the current reactive owner; `Copy`, so closures can take it.
pub struct Value<T> {
    slot: Slot,
    value_type: PhantomData<fn() -> T>,
}

impl<T> Clone for Value<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Value<T> {}

impl<T: Send + Sync + 'static> Value<T> {
    /// A new value, disposed with the current owner.
    pub fn new(value: T) -> Value<T> {
        Value { slot: new_slot(value), value_type: PhantomData }
    }

    fn live(&self) -> SharedValue<T> {
        shared(&self.slot).unwrap_or_else(|| gone())
    }

    /// Reads the value, subscribing the running effect to it.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.live().with(read)
    }

    /// Reads the value without subscribing.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.live().with_untracked(read)
    }

    /// Reads the value without subscribing, unless it is disposed.
    pub fn try_with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        shared::<T>(&self.slot).map(|value| value.with_untracked(read))
    }

    /// A copy of the value, subscribing the running effect to it.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.live().get()
    }

    /// A copy of the value without subscribing.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.live().get_untracked()
    }

    /// A copy of the value without subscribing, unless it is disposed.
    pub fn try_get_untracked(&self) -> Option<T>
    where
        T: Clone,
    {
        shared::<T>(&self.slot).map(|value| value.get_untracked())
    }

    /// Changes the value and notifies its readers.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        self.live().update(change);
    }

    /// Changes the value and notifies its readers, unless it is disposed (`None`).
    pub fn try_update<R>(&self, change: impl FnOnce(&mut T) -> R) -> Option<R> {
        shared::<T>(&self.slot).map(|value| value.update(change))
    }

    /// Replaces the value and notifies its readers.
    pub fn set(&self, value: T) {
        self.live().set(value);
    }

    /// Replaces the value and notifies its readers; gives `value` back when it is disposed.
    pub fn try_set(&self, value: T) -> Option<T> {
        match shared::<T>(&self.slot) {
            Some(shared) => {
                shared.set(value);
                None
            }
            None => Some(value),
        }
    }
}

/// A plain value owned by the current reactive owner: no tracking, no notifying.
pub struct Stored<T> {
    slot: Slot,
    value_type: PhantomData<fn() -> T>,
}

impl<T> Clone for Stored<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Stored<T> {}

impl<T: Send + Sync + 'static> Stored<T> {
    /// A new value, disposed with the current owner.
    pub fn new(value: T) -> Stored<T> {
        Stored { slot: new_slot(value), value_type: PhantomData }
    }

    /// Reads the value, unless it is disposed.
    pub fn try_with_value<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        shared::<T>(&self.slot).map(|value| value.with_untracked(read))
    }

    /// A copy of the value, unless it is disposed.
    pub fn try_get_value(&self) -> Option<T>
    where
        T: Clone,
    {
        self.try_with_value(T::clone)
    }

    /// A copy of the value (the default once disposed).
    pub fn get_value(&self) -> T
    where
        T: Clone + Default,
    {
        self.try_get_value().unwrap_or_default()
    }

    /// Changes the value, unless it is disposed (`None`).
    pub fn try_update_value<R>(&self, change: impl FnOnce(&mut T) -> R) -> Option<R> {
        shared::<T>(&self.slot).map(|value| change(&mut value.write()))
    }

    /// Changes the value (nothing once disposed).
    pub fn update_value(&self, change: impl FnOnce(&mut T)) {
        self.try_update_value(change);
    }

    /// Replaces the value; gives it back when disposed.
    pub fn try_set_value(&self, value: T) -> Option<T> {
        match shared::<T>(&self.slot) {
            Some(shared) => {
                *shared.write() = value;
                None
            }
            None => Some(value),
        }
    }

    /// Replaces the value (nothing once disposed).
    pub fn set_value(&self, value: T) {
        self.try_set_value(value);
    }
}
