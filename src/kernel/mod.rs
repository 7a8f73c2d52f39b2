//! Apply: talk to the kernel's IPVS table through generic netlink. Read it into the
//! model (`dump`), compare it with a file (`plan`), and change only what differs
//! (`execute`), undoing everything done if any change is refused.

pub mod connection;
pub mod dump;
pub mod execute;
pub mod ipvs;
pub mod lock;
pub mod plan;
pub mod translate;

pub use connection::{Connection, KernelError};
