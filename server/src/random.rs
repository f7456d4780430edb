//! A small deterministic random generator (xorshift64*): the same seed gives the same sequence
//! everywhere, which the demo history and the spot-check draws rely on.

/// xorshift64*.
#[derive(Debug)]
pub struct Random(u64);

impl Random {
    /// A generator seeded with `seed` (made odd: xorshift must never hold 0).
    pub fn new(seed: u64) -> Random {
        Random(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// One of `from`, uniformly.
    pub fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[(self.next() % from.len() as u64) as usize]
    }
}
