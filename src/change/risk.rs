//! Why a change deserves a second look before it reaches a live director.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    SchedulerStateReset,
    PersistenceRemoved,
    RemovedWithoutDrain,
    ServiceRemoved,
    ServiceMoved,
    CheckRemoved,
    UncheckedBackend,
    VrrpRemoved,
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Risk::SchedulerStateReset => {
                "changing the scheduler starts its state over: clients may move to other servers"
            }
            Risk::PersistenceRemoved => "without persistence, returning clients may reach another server",
            Risk::RemovedWithoutDrain => {
                "removed while it still had weight: set weight 0 first and wait for its connections to end"
            }
            Risk::ServiceRemoved => "new connections to this address are refused once it is gone",
            Risk::ServiceMoved => "the same backends now answer at another address: clients of the old one are cut",
            Risk::CheckRemoved => {
                "without a check, keepalived keeps this backend in the table even when it stops answering"
            }
            Risk::UncheckedBackend => {
                "a new backend without a check, where the others are checked: it stays in the table even when down"
            }
            Risk::VrrpRemoved => "this director stops taking part in failover for these addresses",
        })
    }
}
