//! Apply: talk to the kernel's IPVS table through generic netlink. Read it into the
//! model (`dump`), and carry out the operations the change stage planned (`execute`),
//! undoing everything done if any change is refused.

pub mod connection;
pub mod dump;
pub mod execute;
pub mod ipvs;
pub mod keepalived;
pub mod lock;
pub mod translate;

pub use connection::{Connection, KernelError};
