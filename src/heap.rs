//! The widget's memory allocator in the browser: blocks in power-of-two size classes, a free
//! list per class, and new blocks cut from the pages the module grows its memory by.
//!
//! Rust's wasm32 `std` allocates with dlmalloc, about 2 KiB of brotli for splitting,
//! coalescing and bins the widget does not need: its allocations are small and short-lived,
//! or strings and vectors that double as they grow, which power-of-two classes fit. A freed
//! block waits in its class's list for the next allocation of that class, so every operation
//! is a few instructions; the price is up to twice the memory for a block whose size is just
//! over a power of two, and freed memory is never merged into larger blocks (the bench's
//! memory rows watch the total).
//!
//! [`Heap`] is plain logic over a source of pages, tested natively over a buffer; on wasm32 it
//! is the global allocator, over `memory.grow`. Not with the `leptos` feature: there the
//! crate is a library inside a Rust host's app, whose allocator is the host's to choose.

use std::alloc::Layout;

/// The size of a wasm page: memory grows by whole pages.
pub const PAGE: usize = 65_536;

/// Blocks of class `k` are `2^k` bytes; the smallest holds the free list's link.
const MIN_CLASS: u32 = usize::BITS.trailing_zeros() - 3;
const CLASSES: usize = usize::BITS as usize;

/// Where new memory comes from.
pub trait Pages {
    /// Adds `count` pages and answers the address of the first, or `None` when there is no
    /// more memory.
    fn grow(&mut self, count: usize) -> Option<usize>;
}

/// An allocator over `P`'s pages.
pub struct Heap<P> {
    /// Each class's first free block (0: none); a free block's first word links the next.
    free: [usize; CLASSES],
    /// Where the next new block may start, and where the memory obtained so far ends.
    next: usize,
    end: usize,
    pages: P,
}

impl<P: Pages> Heap<P> {
    pub const fn new(pages: P) -> Heap<P> {
        Heap { free: [0; CLASSES], next: 0, end: 0, pages }
    }

    /// A block for `layout`, or null when memory is exhausted.
    pub fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else { return std::ptr::null_mut() };
        match self.pop(class) {
            Some(block) => block as *mut u8,
            None => self.carve(class).map_or(std::ptr::null_mut(), |block| block as *mut u8),
        }
    }

    /// Takes back a block [`Heap::alloc`] gave for `layout`.
    ///
    /// # Safety
    /// `block` came from this heap's `alloc` (or `realloc`) with the same `layout` and is not
    /// used any more.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        if let Some(class) = class_of(layout) {
            // SAFETY: the caller gives back a block of this class, which it no longer uses.
            unsafe { self.push(block as usize, class) };
        }
    }

    /// `block` resized to `new_size`: the same block when the size class stays, else a new
    /// one holding the old contents (null, with `block` untouched, when memory is exhausted).
    ///
    /// # Safety
    /// As for [`Heap::dealloc`]; `new_size` rounded up to `layout`'s alignment must not
    /// overflow.
    pub unsafe fn realloc(&mut self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return std::ptr::null_mut() };
        if class_of(new_layout) == class_of(layout) {
            return block;
        }
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            // SAFETY: both blocks are at least this long, and distinct (the old one is live).
            unsafe {
                std::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        moved
    }

    fn pop(&mut self, class: u32) -> Option<usize> {
        let block = self.free[class as usize];
        if block == 0 {
            return None;
        }
        // SAFETY: a block in a free list is ours, unused, aligned and holds its link.
        self.free[class as usize] = unsafe { *(block as *const usize) };
        Some(block)
    }

    /// # Safety
    /// `block` is an unused block of `class`, aligned to its size.
    unsafe fn push(&mut self, block: usize, class: u32) {
        // SAFETY: the block is unused and large and aligned enough for the link.
        unsafe { *(block as *mut usize) = self.free[class as usize] };
        self.free[class as usize] = block;
    }

    /// A new block of `class` from the memory not yet cut, growing it when needed. A block is
    /// aligned to its size, so it meets any alignment its class was chosen for; the gap that
    /// alignment skips goes into the free lists.
    fn carve(&mut self, class: u32) -> Option<usize> {
        let size = 1usize.checked_shl(class)?;
        let start = align_up(self.next, size)?;
        let end = start.checked_add(size)?;
        if end > self.end {
            let count = (end - self.end).div_ceil(PAGE);
            let region = self.pages.grow(count)?;
            let region_end = region.checked_add(count.checked_mul(PAGE)?)?;
            if region != self.end {
                // Not after the memory cut so far (the first pages): leave the rest of that
                // in the free lists and start over in the new pages, growing them further
                // if the block's alignment needs more room.
                self.release(self.next, self.end);
                self.next = region;
                self.end = region_end;
                return self.carve(class);
            }
            self.end = region_end;
        }
        self.release(self.next, start);
        self.next = end;
        Some(start)
    }

    /// Puts the unused memory from `from` to `to` into the free lists, as the largest aligned
    /// blocks that fit.
    fn release(&mut self, mut from: usize, to: usize) {
        while from < to {
            let room = to - from;
            let mut class = from.trailing_zeros().min(usize::BITS - 1);
            while class > 0 && 1usize << class > room {
                class -= 1;
            }
            if class >= MIN_CLASS {
                // SAFETY: memory past `next` is ours and unused, and `from` is aligned to the
                // block's size.
                unsafe { self.push(from, class) };
            }
            from += 1usize << class;
        }
    }
}

/// The size class of `layout`: the smallest power of two holding its size and alignment.
fn class_of(layout: Layout) -> Option<u32> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    size.checked_next_power_of_two().map(usize::trailing_zeros)
}

fn align_up(address: usize, align: usize) -> Option<usize> {
    Some(address.checked_add(align - 1)? & !(align - 1))
}

/// The global allocator of the widget's wasm32 build (one thread: the `atomics` feature is
/// off).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics"), not(feature = "leptos")))]
mod global {
    use super::{Heap, Pages, PAGE};
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;

    struct MemoryGrow;

    impl Pages for MemoryGrow {
        fn grow(&mut self, count: usize) -> Option<usize> {
            let before = core::arch::wasm32::memory_grow(0, count);
            (before != usize::MAX).then(|| before * PAGE)
        }
    }

    struct Global(UnsafeCell<Heap<MemoryGrow>>);

    // SAFETY: without the atomics feature a wasm32 module runs on one thread, and the heap's
    // methods call nothing that could allocate again while one runs.
    unsafe impl Sync for Global {}

    // SAFETY: `Heap` hands out distinct blocks of at least the layout's size and alignment,
    // and takes them back only through these calls.
    unsafe impl GlobalAlloc for Global {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: one thread, and no call is under way (see `Sync`).
            unsafe { (*self.0.get()).alloc(layout) }
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            // SAFETY: as for `alloc`; the caller gives back a block of ours.
            unsafe { (*self.0.get()).dealloc(block, layout) }
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: as for `dealloc`.
            unsafe { (*self.0.get()).realloc(block, layout, new_size) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Global = Global(UnsafeCell::new(Heap::new(MemoryGrow)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages from a buffer, handed out in order like `memory.grow` does; the first `offset`
    /// bytes are skipped (in wasm a module's data and stack, whole pages; here any number,
    /// so the heap must not count on pages being aligned).
    struct Buffer {
        memory: Vec<u8>,
        start: usize,
        used: usize,
        grown: usize,
    }

    impl Buffer {
        fn new(pages: usize, offset: usize) -> Buffer {
            let memory = vec![0u8; (pages + 1) * PAGE];
            let base = memory.as_ptr() as usize;
            let start = align_up(base, PAGE).unwrap() - base;
            Buffer { memory, start, used: offset, grown: 0 }
        }
    }

    impl Pages for Buffer {
        fn grow(&mut self, count: usize) -> Option<usize> {
            let address = self.memory.as_ptr() as usize + self.start + self.used;
            let used = self.used + count * PAGE;
            if self.start + used > self.memory.len() {
                return None;
            }
            self.used = used;
            self.grown += count;
            Some(address)
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// A small deterministic random sequence (xorshift).
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }
    }

    #[test]
    fn size_classes_hold_the_size_and_the_alignment() {
        assert_eq!(class_of(layout(1, 1)), Some(MIN_CLASS));
        assert_eq!(class_of(layout(17, 1)), Some(5));
        assert_eq!(class_of(layout(32, 1)), Some(5));
        assert_eq!(class_of(layout(3, 64)), Some(6));
        assert_eq!(class_of(layout(isize::MAX as usize, 1)), Some(usize::BITS - 1));
    }

    #[test]
    fn blocks_are_aligned_distinct_and_keep_their_contents_under_random_use() {
        let mut heap = Heap::new(Buffer::new(512, 1000));
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        for step in 0..20_000 {
            if live.is_empty() || random.below(100) < 45 {
                let size = match random.below(10) {
                    0 if random.below(10) == 0 => 1 + random.below(70_000),
                    1..=3 => 1 + random.below(2_000),
                    _ => 1 + random.below(64),
                };
                let align = 1 << random.below(5);
                let layout = layout(size, align);
                let block = heap.alloc(layout);
                assert!(!block.is_null(), "out of memory at step {step}");
                assert_eq!(block as usize % align, 0);
                let fill = (step % 251) as u8;
                unsafe { std::ptr::write_bytes(block, fill, size) };
                live.push((block, layout, fill));
            } else if random.below(4) == 0 {
                let at = random.below(live.len());
                let (block, old, fill) = live[at];
                let new_size = 1 + random.below(3_000);
                let moved = unsafe { heap.realloc(block, old, new_size) };
                assert!(!moved.is_null());
                let kept = old.size().min(new_size);
                assert!(unsafe { std::slice::from_raw_parts(moved, kept) }.iter().all(|byte| *byte == fill), "realloc lost contents");
                unsafe { std::ptr::write_bytes(moved, fill, new_size) };
                live[at] = (moved, layout(new_size, old.align()), fill);
            } else {
                let (block, layout, fill) = live.swap_remove(random.below(live.len()));
                assert!(unsafe { std::slice::from_raw_parts(block, layout.size()) }.iter().all(|byte| *byte == fill), "a block was overwritten");
                unsafe { heap.dealloc(block, layout) };
            }
        }
        let mut spans: Vec<(usize, usize)> = live.iter().map(|(block, layout, _)| (*block as usize, *block as usize + layout.size())).collect();
        spans.sort();
        assert!(spans.windows(2).all(|pair| pair[0].1 <= pair[1].0), "live blocks overlap");
    }

    #[test]
    fn a_freed_block_is_reused_and_memory_stops_growing_in_a_steady_state() {
        let mut heap = Heap::new(Buffer::new(64, 0));
        let first = heap.alloc(layout(100, 8));
        unsafe { heap.dealloc(first, layout(100, 8)) };
        assert_eq!(heap.alloc(layout(120, 8)), first, "a block of the same class comes back");
        for _ in 0..1_000 {
            let blocks: Vec<*mut u8> = (1..200).map(|size| heap.alloc(layout(size * 37, 4))).collect();
            for (size, block) in (1..200).zip(blocks) {
                unsafe { heap.dealloc(block, layout(size * 37, 4)) };
            }
        }
        let grown = heap.pages.grown;
        for _ in 0..1_000 {
            let blocks: Vec<*mut u8> = (1..200).map(|size| heap.alloc(layout(size * 37, 4))).collect();
            for (size, block) in (1..200).zip(blocks) {
                unsafe { heap.dealloc(block, layout(size * 37, 4)) };
            }
        }
        assert_eq!(heap.pages.grown, grown);
    }

    #[test]
    fn the_gap_before_an_aligned_block_is_not_lost() {
        let mut heap = Heap::new(Buffer::new(8, 0));
        let small = heap.alloc(layout(8, 8));
        let large = heap.alloc(layout(4096, 8));
        assert_eq!(large as usize % 4096, 0);
        // The gap between them went into the free lists: the next small blocks come from it.
        let next = heap.alloc(layout(16, 8)) as usize;
        assert!(next > small as usize && next < large as usize);
    }

    #[test]
    fn exhausted_memory_answers_null_and_realloc_keeps_the_block() {
        let mut heap = Heap::new(Buffer::new(2, 0));
        assert!(heap.alloc(layout(3 * PAGE, 8)).is_null());
        let block = heap.alloc(layout(64, 8));
        assert!(!block.is_null());
        assert!(unsafe { heap.realloc(block, layout(64, 8), 4 * PAGE) }.is_null());
        unsafe { heap.dealloc(block, layout(64, 8)) };
        assert_eq!(heap.alloc(layout(64, 8)), block);
    }

    #[test]
    fn a_first_block_larger_than_a_page_is_aligned_even_when_the_pages_are_not() {
        // One page in: the first pages lie at an odd page, as a module's data and stack leave
        // them; a 128 KiB block must start at a multiple of 128 KiB.
        let mut pages = Buffer::new(16, 0);
        let first = pages.memory.as_ptr() as usize + pages.start;
        pages.used = if (first / PAGE).is_multiple_of(2) { PAGE } else { 0 };
        let mut heap = Heap::new(pages);
        let block = heap.alloc(layout(2 * PAGE, 8)) as usize;
        assert!(block != 0);
        assert_eq!(block % (2 * PAGE), 0);
    }

    #[test]
    fn pages_that_do_not_follow_the_last_ones_start_a_new_region() {
        struct Apart(Buffer);
        impl Pages for Apart {
            fn grow(&mut self, count: usize) -> Option<usize> {
                // Skip a page each time, as if something else had grown the memory meanwhile.
                self.0.grow(1)?;
                self.0.grow(count)
            }
        }
        let mut heap = Heap::new(Apart(Buffer::new(16, 0)));
        let first = heap.alloc(layout(PAGE / 2, 8)) as usize;
        let second = heap.alloc(layout(PAGE, 8)) as usize;
        assert!(second >= first + PAGE, "the new block lies in the new pages");
        // The rest of the first region is still used.
        let third = heap.alloc(layout(PAGE / 2, 8)) as usize;
        assert_eq!(third, first + PAGE / 2);
    }
}
