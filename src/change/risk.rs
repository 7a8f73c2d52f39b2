//! Why a change deserves a second look before it reaches a live director.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    SchedulerStateReset,
    PersistenceRemoved,
    RemovedWithoutDrain,
    ServiceRemoved,
    ServiceMoved,
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
        })
    }
}
