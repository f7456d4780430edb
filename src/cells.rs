//! The widget's reactive values, on [`crate::reactive`].
//!
//! - [`SharedValue`]: a value next to a [`Trigger`]; cloned handles share the value, for as
//!   long as any handle exists. Reading through [`SharedValue::with`] subscribes the running
//!   effect; writing notifies it.
//! - [`Value`]: a `Copy` handle disposed with its reactive owner; `try_*` calls answer `None`
//!   (or give the value back) once it is gone, which is how async code learns that the widget
//!   was unmounted.
//! - [`Stored`]: the same, without tracking or notifying.
//! - [`Memo`]: a value computed from others, its readers notified only when it changes.
//!
//! Every handle type shares one arena of `Rc<dyn Any>`, downcast on access, so their code
//! exists once whatever the value type.

use std::any::Any;
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::marker::PhantomData;
use std::rc::Rc;

use crate::reactive::{effect, Owner, Slot, Trigger};

/// A value whose readers are notified when it changes; clones share it.
pub struct SharedValue<T> {
    trigger: Trigger,
    value: Rc<RefCell<T>>,
}

impl<T> Clone for SharedValue<T> {
    fn clone(&self) -> Self {
        SharedValue { trigger: self.trigger.clone(), value: Rc::clone(&self.value) }
    }
}

impl<T> SharedValue<T> {
    /// A new value.
    pub fn new(value: T) -> SharedValue<T> {
        SharedValue { trigger: Trigger::new(), value: Rc::new(RefCell::new(value)) }
    }

    fn read(&self) -> Ref<'_, T> {
        self.value.borrow()
    }

    fn write(&self) -> RefMut<'_, T> {
        self.value.borrow_mut()
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
        // The borrow ends before the readers run.
        let result = change(&mut self.write());
        self.trigger.notify();
        result
    }

    /// Replaces the value, then notifies its readers.
    pub fn set(&self, value: T) {
        self.update(|slot| *slot = value);
    }
}

fn new_slot<T: 'static>(value: T) -> Slot {
    Slot::new(Rc::new(SharedValue::new(value)))
}

/// The value in `slot`, unless its owner is gone.
fn shared<T: 'static>(slot: &Slot) -> Option<SharedValue<T>> {
    let value: Rc<dyn Any> = slot.get()?;
    value.downcast_ref::<SharedValue<T>>().cloned()
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

impl<T: 'static> Value<T> {
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

impl<T: 'static> Stored<T> {
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

/// A value computed from others: recomputed when one of them changes, and its readers
/// notified only when the result differs. Disposed with its reactive owner.
pub struct Memo<T> {
    value: Value<T>,
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Memo<T> {}

impl<T: PartialEq + 'static> Memo<T> {
    /// Computes the value now (given the previous one on later runs) and again whenever what
    /// `compute` read changes.
    pub fn new(compute: impl Fn(Option<&T>) -> T + 'static) -> Memo<T> {
        let owner = Owner::current();
        let value: Rc<Cell<Option<Value<T>>>> = Rc::new(Cell::new(None));
        let filled = Rc::clone(&value);
        effect(Box::new(move || match filled.get() {
            None => {
                let first = compute(None);
                // Owned by the memo's owner, not by this effect's run.
                let created = match &owner {
                    Some(owner) => owner.with(|| Value::new(first)),
                    None => Value::new(first),
                };
                filled.set(Some(created));
            }
            Some(current) => {
                let Some(next) = current.try_with_untracked(|previous| compute(Some(previous))) else { return };
                if current.try_with_untracked(|previous| *previous != next) == Some(true) {
                    current.try_set(next);
                }
            }
        }));
        Memo { value: value.get().unwrap_or_else(|| gone()) }
    }

    /// Reads the value, subscribing the running effect to it.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.value.with(read)
    }

    /// A copy of the value, subscribing the running effect to it.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.value.get()
    }

    /// A copy of the value without subscribing.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.value.get_untracked()
    }
}
